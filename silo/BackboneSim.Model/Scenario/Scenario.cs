using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Scenario;

/// <summary>A place in a scenario file, for errors and for the causal chain back to a scenario line.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// How the operator's engineers can reach the network, and how long each way takes. Remote access (VPN) needs a
/// path over the backbone from the Internet to a data center; the out-of-band network either shares the
/// backbone's fate or is separate; otherwise they travel to a data center and get through physical security.
/// </summary>
public sealed record ResponderSpec(bool OobSeparate, long VpnLoginMs, long OobLoginMs, long TravelMs, long SecurityMs, long DiagnoseMs)
{
    /// <summary>Defaults: see docs/model.md for the reasons.</summary>
    public static ResponderSpec Default { get; } = new(false, 5 * 60_000, 10 * 60_000, 2 * 3_600_000, 30 * 60_000, 30 * 60_000);

    /// <summary>The operator's internal tools and what each needs to work.</summary>
    public IReadOnlyList<InternalTool> Tools { get; init; } = InternalTool.Defaults;

    /// <summary>On site, moving from one site to the next (and getting in there) when a task spans sites.</summary>
    public long SiteTravelMs { get; init; } = 60 * 60_000;
    /// <summary>On site, the hands-on time to restart one router at its console (the boot itself is
    /// <c>control_plane_reboot</c>).</summary>
    public long HandsOnMs { get; init; } = 15 * 60_000;

    /// <summary>The chance that an attempt at an order fails (a rollback that does not take, a reset that hangs): the team
    /// notices, diagnoses again and tries again. 0 by default: how often is the scenario's to say.</summary>
    public double FailureProbability { get; init; }

    /// <summary>The teams that take respond orders, each working one at a time from its own queue (default: one team,
    /// "responders", with the times above).</summary>
    public IReadOnlyList<ResponderTeamSpec> Teams { get; init; } = [ResponderTeamSpec.Default];
}

/// <summary>
/// A team of responders: its name, whether it may work remotely (the VPN, the out-of-band network) or only on site,
/// and its own travel and diagnosis times (null: the responders section's).
/// </summary>
public sealed record ResponderTeamSpec(string Name, bool Remote = true, long? TravelMs = null, long? DiagnoseMs = null)
{
    public const string DefaultName = "responders";
    public static ResponderTeamSpec Default { get; } = new(DefaultName);
}

/// <summary>
/// An internal tool and what it needs: "backbone" (a path from a PoP to a data center, as remote access and
/// everything behind it), "oob" (the out-of-band network: separate, or else the backbone) or "none".
/// </summary>
public sealed record InternalTool(string Name, string Needs)
{
    public static readonly string[] NeedsChoices = ["backbone", "oob", "none"];

    public static IReadOnlyList<InternalTool> Defaults { get; } =
    [
        new("vpn", "backbone"), new("oob-console", "oob"), new("internal-chat", "backbone"),
        new("config-management", "backbone"), new("badge-system", "backbone"),
    ];
}

/// <summary>A loaded, validated and expanded scenario: everything a runtime needs, nothing it has to parse.</summary>
public sealed class ScenarioDefinition
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string SourceFile { get; init; }
    public required long Seed { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required long DurationMs { get; init; }
    public required long LookaheadMs { get; init; }
    public required NetworkTopology Topology { get; init; }
    public required ModelParameters Parameters { get; init; }
    public required IReadOnlyList<TimelineAction> Timeline { get; init; }
    /// <summary>The base configuration (<c>config:</c>): the entries, in order, that the network starts in.</summary>
    public IReadOnlyList<Configuration.ConfigEntry> Configuration { get; init; } = [];
    public ResponderSpec Responders { get; init; } = ResponderSpec.Default;
    /// <summary>Conditions that must hold before the first action (the steady-state hypothesis).</summary>
    public IReadOnlyList<Expectations.Expectation> SteadyState { get; init; } = [];
    /// <summary>What the run must show (<c>expect:</c>); <c>run</c> exits 1 when one fails.</summary>
    public IReadOnlyList<Expectations.Expectation> Expectations { get; init; } = [];
    /// <summary>The teaching part (<c>narration:</c>): lines, highlights and checkpoints. Never changes the run.</summary>
    public IReadOnlyList<Teaching.NarrationItem> Narration { get; init; } = [];

    /// <summary>The same scenario with another seed (the CLI's --seed).</summary>
    public ScenarioDefinition WithSeed(long seed) => Copy(seed, Timeline);

    /// <summary>The same scenario with its timeline changed (hidden injects fired).</summary>
    public ScenarioDefinition WithTimeline(IReadOnlyList<TimelineAction> timeline) => Copy(Seed, timeline);

    private ScenarioDefinition Copy(long seed, IReadOnlyList<TimelineAction> timeline) => new()
    {
        Name = Name, Title = Title, SourceFile = SourceFile, Seed = seed, Start = Start, DurationMs = DurationMs,
        LookaheadMs = LookaheadMs, Topology = Topology, Parameters = Parameters, Timeline = timeline, Responders = Responders,
        SteadyState = SteadyState, Expectations = Expectations, Narration = Narration, Configuration = Configuration,
    };
}
