using BackboneSim.Engine;

namespace BackboneSim.Model.Scenario;

// The events the scenario driver records as it plays the timeline (docs/outputs.md), one record per kind: the
// action itself, then what each kind of action does (a push's gate and rollout, a surge, a failure's cuts and
// power losses).

/// <summary>
/// A timeline action runs (the scenario driver's <c>Run</c>): its name, the key that introduced it (push, fail, …),
/// its scenario line, how many targets it has and what it does. Everything the action does chains back to this event.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("scenario.action")]
public sealed record ScenarioActionPlayed(string Action, string Key, string Line, int Targets, string What) : ModelEvent
{
    public override string Subject => Action;
    public override double Value => Targets;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("kind", Key), ("line", Line), ("targets", Targets), ("what", What)];
}

/// <summary>
/// A push went through its safety gate <see cref="Audit"/>: passed or blocked, whether the audit is faulty, whether
/// its findings should have blocked the push, and the findings (rule: BLOCKS/ok: detail; …).
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("gate.audit")]
public sealed record GateAudit(string Audit, string Action, bool Passes, bool Faulty, bool ShouldBlock, string Findings) : ModelEvent
{
    public override string Subject => Audit;
    public override double Value => Passes ? 1 : 0;
    public override (string Key, object? Value)[] Data() =>
        [("action", Action), ("verdict", Passes ? "passed" : "blocked"), ("faulty", Faulty), ("should_block", ShouldBlock), ("findings", Findings)];
}

/// <summary>A rollout pushes wave <see cref="Wave"/> (from 1) of <see cref="Of"/>: its targets, the targets reached with it, the first target's name ("" for none).</summary>
[GenerateSerializer, Immutable]
[EventKind("rollout.wave")]
public sealed record RolloutWavePushed(string Action, int Wave, int Of, int Targets, int Reached, string First) : ModelEvent
{
    public override string Subject => Action;
    public override double Value => Wave;
    public override (string Key, object? Value)[] Data() =>
        [("action", Action), ("wave", Wave), ("of", Of), ("targets", Targets), ("reached", Reached), ("first", First)];
}

[GenerateSerializer, Immutable]
[EventKind("rollout.completed")]
public sealed record RolloutCompleted(string Action, int Waves) : ModelEvent
{
    public override string Subject => Action;
    public override double Value => Waves;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("waves", Waves)];
}

/// <summary>The wait after wave <see cref="Wave"/> is over: the scenario watcher checks these health checks and answers with a verdict.</summary>
[GenerateSerializer, Immutable]
[EventKind("rollout.health_check")]
public sealed record RolloutHealthCheck(string Action, int Wave, string Checks) : ModelEvent
{
    public override string Subject => Action;
    public override double Value => Wave;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("wave", Wave), ("checks", Checks)];
}

/// <summary>A health check failed after wave <see cref="Wave"/>: the rollout stops, and <see cref="Then"/> ("rollback" or "halt") says whether it rolls back.</summary>
[GenerateSerializer, Immutable]
[EventKind("rollout.halted")]
public sealed record RolloutHalted(string Action, int Wave, string Reason, string Then) : ModelEvent
{
    public override string Subject => Action;
    public override double Value => Wave;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("wave", Wave), ("reason", Reason), ("then", Then)];
}

/// <summary>The deployment system rolls back what a halted rollout reached (<see cref="Targets"/> targets).</summary>
[GenerateSerializer, Immutable]
[EventKind("rollout.rollback")]
public sealed record RolloutRollback(string Action, int Targets) : ModelEvent
{
    public override string Subject => Action;
    public override double Value => Targets;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("targets", Targets)];
}

/// <summary>A traffic surge starts (<see cref="Region"/> null: every region's users); its subject is the service, its value the factor.</summary>
[GenerateSerializer, Immutable]
[EventKind("traffic.surge_started")]
public sealed record TrafficSurgeStarted(string Service, double Factor, string? Region, long ForMs, long RampMs, int Cohorts, string Surge) : ModelEvent
{
    public override string Subject => Service;
    public override double Value => Factor;
    public override (string Key, object? Value)[] Data() =>
        [("service", Service), ("factor", Factor), ("region", Region), ("for_ms", ForMs), ("ramp_ms", RampMs), ("cohorts", Cohorts), ("surge", Surge)];
}

[GenerateSerializer, Immutable]
[EventKind("traffic.surge_ended")]
public sealed record TrafficSurgeEnded(string Service, string? Region, string Surge) : ModelEvent
{
    public override string Subject => Service;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("service", Service), ("region", Region), ("surge", Surge)];
}

/// <summary>A fail action cut a link (both ends lose the light after their detection time).</summary>
[GenerateSerializer, Immutable]
[EventKind("link.cut")]
public sealed record LinkCutByFailure(string Link, string LinkKind, string Failure) : ModelEvent
{
    public override string Subject => Link;
    public override (string Key, object? Value)[] Data() => [("link", Link), ("kind", LinkKind), ("failure", Failure)];
}

/// <summary>The failure that cut a link ended (ran out, or the responders repaired it).</summary>
[GenerateSerializer, Immutable]
[EventKind("link.restored")]
public sealed record LinkRestoredByFailure(string Link, string LinkKind, string Failure) : ModelEvent
{
    public override string Subject => Link;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("link", Link), ("kind", LinkKind), ("failure", Failure)];
}

/// <summary>A fail action took a site's power: its routers, DNS servers and data centers go down.</summary>
[GenerateSerializer, Immutable]
[EventKind("site.power_lost")]
public sealed record SitePowerLost(string Site, int Routers, int DnsServers, int DataCenters, string Failure) : ModelEvent
{
    public override string Subject => Site;
    public override (string Key, object? Value)[] Data() =>
        [("site", Site), ("routers", Routers), ("dns_servers", DnsServers), ("data_centers", DataCenters), ("failure", Failure)];
}

[GenerateSerializer, Immutable]
[EventKind("site.power_restored")]
public sealed record SitePowerRestored(string Site, int Routers, int DnsServers, int DataCenters, string Failure) : ModelEvent
{
    public override string Subject => Site;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() =>
        [("site", Site), ("routers", Routers), ("dns_servers", DnsServers), ("data_centers", DataCenters), ("failure", Failure)];
}
