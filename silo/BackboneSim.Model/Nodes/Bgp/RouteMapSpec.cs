using System.Globalization;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A route map as configuration writes it, in plain values that travel in messages between silos (a push, a policy
/// change on the timeline); <see cref="Build"/> makes the <see cref="RouteMap"/> that routes are run through. The
/// scenario reader checks every value (naming the file and line) before one is made, so building cannot fail on
/// what it wrote.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class RouteMapSpec
{
    [Id(0)] public RouteMapTermSpec[] Terms { get; init; } = [];
    /// <summary>What a route no term matches gets: deny (the default, FRR's and Cisco's implicit deny) or permit.</summary>
    [Id(1)] public bool DefaultPermit { get; init; }

    public RouteMap Build() => RouteMap.Of(Terms.Select(t => t.Build()), DefaultPermit);

    /// <summary>The map, built once (its AS-path expressions compiled once).</summary>
    public RouteMap Built => _built ??= Build();
    [NonSerialized] private RouteMap? _built;

    public override string ToString() =>
        string.Join("; ", Terms.OrderBy(t => t.Seq).Select(t => t.ToString())) + (DefaultPermit ? "; else permit" : "; else deny");
}

/// <summary>One term as configuration writes it (<see cref="RouteMapTerm"/>). Prefix-list lines are FRR's text:
/// <c>P</c>, <c>P le N</c>, <c>P ge N</c>, <c>P ge N le M</c>.</summary>
[GenerateSerializer, Immutable]
public sealed class RouteMapTermSpec
{
    [Id(0)] public int Seq { get; init; }
    [Id(1)] public bool Permit { get; init; }
    [Id(2)] public string[]? Prefixes { get; init; }
    [Id(3)] public string? AsPath { get; init; }
    [Id(4)] public long? OriginAs { get; init; }
    [Id(5)] public string[]? Communities { get; init; }
    /// <summary><c>own</c>, <c>customer</c>, <c>peer</c>, <c>provider</c>.</summary>
    [Id(6)] public string[]? LearnedFrom { get; init; }
    [Id(7)] public int? SetLocalPref { get; init; }
    [Id(8)] public string[] AddCommunities { get; init; } = [];
    [Id(9)] public string[] RemoveCommunities { get; init; } = [];
    [Id(10)] public int Prepend { get; init; }

    public RouteMapTerm Build() => new(Seq, Permit)
    {
        Prefixes = Prefixes?.Select(p => ParseLine(p, out _) ?? throw new FormatException(p)).ToList(),
        AsPath = AsPath is null ? null : AsPathRegex.TryParse(AsPath, out var why) ?? throw new FormatException(why),
        OriginAs = OriginAs,
        AnyCommunity = Communities?.Select(c => Nodes.Communities.Parse(c, out _) ?? throw new FormatException(c)).ToList(),
        LearnedFrom = LearnedFrom?.Select(f => OriginNamed(f) ?? throw new FormatException(f)).ToList(),
        SetLocalPref = SetLocalPref,
        AddCommunities = AddCommunities.Select(c => Nodes.Communities.Parse(c, out _) ?? throw new FormatException(c)).ToList(),
        RemoveCommunities = RemoveCommunities.Select(c => Nodes.Communities.Parse(c, out _) ?? throw new FormatException(c)).ToList(),
        Prepend = Prepend,
    };

    /// <summary>How a route was learned, by the name configuration uses, or null.</summary>
    public static RouteOrigin? OriginNamed(string name) => name switch
    {
        "own" => RouteOrigin.Own, "customer" => RouteOrigin.Customer, "peer" => RouteOrigin.Peer, "provider" => RouteOrigin.Provider, _ => null,
    };

    /// <summary>A prefix-list line (<c>P [ge N] [le M]</c>, FRR's rules: P's length ≤ ge ≤ le ≤ the family's maximum;
    /// le alone means from P's length to le), or null with <paramref name="error"/>.</summary>
    public static PrefixListEntry? ParseLine(string text, out string error)
    {
        error = "";
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is not (1 or 3 or 5)) { error = $"'{text}' is not a prefix-list line: write P, P le N, P ge N or P ge N le M"; return null; }
        if (!Prefix.TryParse(words[0], out var prefix, out error)) return null;
        int? ge = null, le = null;
        for (var i = 1; i < words.Length; i += 2)
        {
            if (!int.TryParse(words[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > prefix.MaxLength)
            { error = $"'{text}': '{words[i + 1]}' is not a prefix length 0 to {prefix.MaxLength}"; return null; }
            if (words[i] == "ge" && ge is null && le is null) ge = n;
            else if (words[i] == "le" && le is null) le = n;
            else { error = $"'{text}': expected 'ge N' then 'le M' after the prefix"; return null; }
        }
        var min = ge ?? prefix.Length;
        var max = le ?? (ge is null ? prefix.Length : prefix.MaxLength);
        if (min < prefix.Length || max < min) { error = $"'{text}': the lengths must satisfy {prefix.Length} ≤ ge ≤ le ≤ {prefix.MaxLength}"; return null; }
        return new PrefixListEntry(prefix, min, max);
    }

    public override string ToString()
    {
        var parts = new List<string> { $"{Seq} {(Permit ? "permit" : "deny")}" };
        if (Prefixes is not null) parts.Add($"prefixes [{string.Join(", ", Prefixes)}]");
        if (AsPath is not null) parts.Add($"as_path '{AsPath}'");
        if (OriginAs is not null) parts.Add($"origin_as {OriginAs}");
        if (Communities is not null) parts.Add($"community [{string.Join(", ", Communities)}]");
        if (LearnedFrom is not null) parts.Add($"learned_from [{string.Join(", ", LearnedFrom)}]");
        if (SetLocalPref is not null) parts.Add($"set local_pref {SetLocalPref}");
        if (AddCommunities.Length > 0) parts.Add($"add [{string.Join(", ", AddCommunities)}]");
        if (RemoveCommunities.Length > 0) parts.Add($"remove [{string.Join(", ", RemoveCommunities)}]");
        if (Prepend > 0) parts.Add($"prepend {Prepend}");
        return string.Join(' ', parts);
    }
}
