using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// A traffic surge resolved against the network: the operator service whose demand grows (or <c>*</c> for all),
/// by how much, from which client cohorts, for how long, and over how long it builds up.
/// </summary>
public sealed record SurgeSpec(string Service, double Factor, string? Region, long ForMs, long RampMs, IReadOnlyList<int> Cohorts)
{
    public const string AllServices = "*";

    /// <summary>Steps in which a ramp reaches the full factor (a resolution, not a physical figure).</summary>
    public const int RampSteps = 10;
}

/// <summary>
/// <c>surge:</c> — client demand (DNS queries and traffic) for a service, from the users of a region or everywhere,
/// multiplied by a factor for a while, optionally building up over a ramp (in <see cref="SurgeSpec.RampSteps"/>
/// steps); it ends by itself after <c>for:</c>.
/// </summary>
public sealed record SurgeAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets, string Description,
    SurgeSpec Surge)
    : TimelineAction(Index, Name, AtMs, Location, Targets, Description), IActionKind<SurgeAction>
{
    public static string YamlKey => "surge";
    public override string Key => YamlKey;

    public const double MaxFactor = 100;

    public static SurgeAction? Read(ActionSite site)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (site.Map.SubMap("surge", true, "service", "factor", "region", "for", "ramp") is not { } surge) return null;
        var ok = true;
        var service = surge.String("service", true);
        var own = topology.Services.Where(s => !s.ThirdParty).Select(s => s.Name).ToList();
        if (service is not null && service != SurgeSpec.AllServices && !own.Contains(service))
        {
            ok = false;
            r.Error(surge.Get("service")!, topology.Services.Any(s => s.Name == service)
                ? $"'{service}' is a third-party service; its demand is not modelled: surge a service it depends on"
                : $"no service named '{service}'{Suggestions.DidYouMean(service, own)} (or '*' for every service)");
        }
        var factor = surge.Number("factor", 1, MaxFactor, true);
        if (factor is <= 1) { r.Error(surge.Get("factor")!, $"'factor' is {factor}; a surge multiplies demand by more than 1"); ok = false; }
        var region = surge.String("region");
        var regions = topology.Clients.Select(c => c.Region).Distinct().Order(StringComparer.Ordinal).ToList();
        if (region is not null && !regions.Contains(region))
        {
            ok = false;
            r.Error(surge.Get("region")!, $"no region with users named '{region}'{Suggestions.DidYouMean(region, regions)}" +
                                          (regions.Count > 0 ? $" (regions with users: {string.Join(", ", regions)})" : ""));
        }
        var forMs = surge.Duration("for", 1, ScenarioLoader.MaxDurationMs, true);
        var ramp = surge.Duration("ramp", 0, ScenarioLoader.MaxDurationMs) ?? 0;
        if (forMs is { } f && ramp > f) { r.Error(surge.Get("ramp")!, "'ramp' is longer than 'for': the surge would end before it builds up"); ok = false; }
        if (topology.Clients.Count == 0) { r.Error(surge.Node, "the topology has no users (users:), so there is no demand to surge"); ok = false; }
        if (!ok || service is null || factor is null || forMs is null) return null;
        var cohorts = topology.Clients.Where(c => region is null || c.Region == region).Select(c => c.Node).ToList();
        var spec = new SurgeSpec(service, factor.Value, region, forMs.Value, ramp, cohorts);
        return new SurgeAction(site.Index, site.Name, site.AtMs, site.Location, cohorts, Describe(spec), spec);
    }

    public override void Play(NodeContext ctx, DriverContext driver, long cause)
    {
        var s = Surge;
        var e = ctx.Emit(new TrafficSurgeStarted(s.Service, s.Factor, s.Region, s.ForMs, s.RampMs, s.Cohorts.Count, Name), cause);
        driver.Failures.SurgeStarted(Index, e);
        if (s.RampMs <= 0) SendLevel(ctx, s.Factor, e);
        else
            for (var step = 1; step <= SurgeSpec.RampSteps; step++)
                ctx.SetTimer(ctx.Now + s.RampMs * step / SurgeSpec.RampSteps, new SurgeTimer { Action = Index, Step = step }, e);
        ctx.SetTimer(ctx.Now + s.ForMs, new SurgeTimer { Action = Index, Step = -1 }, e);
    }

    /// <summary>The next step of the ramp, or the end (<see cref="SurgeTimer.Step"/> -1).</summary>
    public override void Continue(NodeContext ctx, DriverContext driver, IActionStep step)
    {
        var timer = (SurgeTimer)step;
        if (!driver.Failures.SurgeUnderWay(Index, out var started)) return; // over already
        var s = Surge;
        if (timer.Step > 0)
        {
            SendLevel(ctx, 1 + (s.Factor - 1) * timer.Step / SurgeSpec.RampSteps, started);
            return;
        }
        driver.Failures.SurgeEnded(Index);
        var e = ctx.Emit(new TrafficSurgeEnded(s.Service, s.Region, Name), started);
        SendLevel(ctx, 1, e);
    }

    private void SendLevel(NodeContext ctx, double factor, long cause)
    {
        var level = new SurgeLevel { Action = Name, Service = Surge.Service, Factor = factor };
        foreach (var cohort in Surge.Cohorts) ctx.Send(cohort, ctx.Lookahead, level, cause);
    }

    public static string Describe(SurgeSpec s)
        => $"traffic surge x{s.Factor:0.###} for {(s.Service == SurgeSpec.AllServices ? "every service" : s.Service)} from " +
           $"{(s.Region is null ? "every region's users" : $"users in {s.Region}")} ({FailAction.Count(s.Cohorts.Count, "client cohort")}), " +
           $"for {TimeText.FormatDuration(s.ForMs)}" + (s.RampMs > 0 ? $", building up over {TimeText.FormatDuration(s.RampMs)}" : "");
}
