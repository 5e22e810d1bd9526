using System.Text.Json;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Scenarios;

/// <summary>An event of the original run, as the checks read it: its kind, ms, node, subject and data (the --events fields).</summary>
public sealed record WhatIfEvent(long Ms, string Kind, string Node, string? Subject, string DataJson);

/// <summary>One finding about a what-if action: where it is written, its name, and what will go wrong.</summary>
public sealed record WhatIfNote(SourceLocation Location, string Action, string Message)
{
    /// <summary>"what-if:LINE:COL: message", as the loader's errors are written.</summary>
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>What the checks found: errors refuse the fork, warnings go with it.</summary>
public sealed record WhatIfCheckResult(IReadOnlyList<WhatIfNote> Errors, IReadOnlyList<WhatIfNote> Warnings)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Fork-time checks of a what-if's actions against the original run's state at the fork instant
/// (docs/scenario-format.md#what-ifs): a what-if that reads cleanly can still not run as written. The original run's
/// events up to the fork instant (ms ≤ fork: what a page shows at that instant) are the fork's too, so they say what
/// the responders are doing, what was pushed and rolled back, which failures are in effect and whether remote access
/// works. An order that can never do anything (a rollback of a push that never runs) is an error; one that will wait,
/// be slow, or may find nothing to do is a warning naming the action, the time and the reason.
/// Plain: the web host passes the released events in; the CLI could pass a run's --events.
/// </summary>
public static class WhatIfChecks
{
    /// <summary>The event kinds the checks read: a caller may pass only these.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "scenario.action", "gate.audit", "rollout.rollback", "config.applied", "tool.availability",
        "responders.dispatched", "responders.queued", "responders.access_gained", "responders.rollback", "responders.recover", "responders.task",
    };

    /// <param name="scenario">The scenario with the what-if applied (its cancels, its actions).</param>
    /// <param name="actions">The what-if's own actions, as they are in <paramref name="scenario"/>'s timeline.</param>
    /// <param name="forkMs">The fork instant.</param>
    /// <param name="events">The original run's events; those after the fork instant are ignored.</param>
    public static WhatIfCheckResult Check(ScenarioDefinition scenario, IReadOnlyList<TimelineAction> actions, long forkMs, IEnumerable<WhatIfEvent> events)
    {
        var state = new RunAtFork(scenario, forkMs, events.Where(e => e.Ms <= forkMs && Kinds.Contains(e.Kind)).OrderBy(e => e.Ms));
        var (errors, warnings) = (new List<WhatIfNote>(), new List<WhatIfNote>());
        foreach (var action in actions.OrderBy(a => a.Index))
        {
            var when = Instant(scenario, action, forkMs);
            void Warn(string message) => warnings.Add(new WhatIfNote(action.Location, action.Name, $"'{action.Name}' {when}: {message}"));
            void Refuse(string message) => errors.Add(new WhatIfNote(action.Location, action.Name, $"'{action.Name}' {when}: {message}"));
            switch (action)
            {
                case RespondAction { Task: null } respond when scenario.Timeline[respond.Undoes] is PushAction push:
                    CheckRollback(state, respond, push, Warn, Refuse);
                    CheckTeam(state, respond, Warn);
                    break;
                case RespondAction { Task: null } respond when scenario.Timeline[respond.Undoes] is FailAction failure:
                    CheckRecovery(state, action, failure, Warn, Refuse);
                    CheckTeam(state, respond, Warn);
                    break;
                case RespondAction respond:
                    CheckTeam(state, respond, Warn);
                    break;
                case RecoverAction recover when scenario.Timeline[recover.Failure] is FailAction failure:
                    CheckRecovery(state, action, failure, Warn, Refuse);
                    break;
            }
        }
        return new WhatIfCheckResult(errors, warnings);
    }

    /// <summary>A rollback finds a snapshot of the push on each router that applied it, once: it needs the push to have
    /// gone out, and no earlier rollback of it on the same routers.</summary>
    private static void CheckRollback(RunAtFork state, RespondAction respond, PushAction push, Action<string> warn, Action<string> refuse)
    {
        var s = state.Scenario;
        if (!state.Ran.TryGetValue(push.Name, out var ranAt))
        {
            if (push.When is not null)
                warn($"'{push.Name}' has not run yet (it waits for its trigger); if it never does, the rollback finds nothing to undo");
            else if (push.Inject)
                warn($"'{push.Name}' is a hidden inject that has not been fired; if it never is, the rollback finds nothing to undo");
            else if (push.Scheduled && push.AtMs > state.ForkMs)
            {
                if (respond.When is not null)
                    warn($"'{push.Name}' runs at {Clock(s, push.AtMs)}; if this order comes first, the rollback finds nothing to undo");
            }
            else
                refuse(push.Scheduled
                    ? $"'{push.Name}' was due at {Clock(s, push.AtMs)} but the run has no trace of it before the fork: the rollback finds nothing to undo"
                    : $"'{push.Name}' is cancelled (a what-if's cancel:), so it never runs: the rollback finds nothing to undo");
            return;
        }
        if (state.Blocked.TryGetValue(push.Name, out var blockedAt))
        {
            warn($"'{push.Name}' was blocked by its audit at {Clock(s, blockedAt)} and changed nothing: the rollback finds nothing to undo");
            return;
        }
        if (state.RolledBack.TryGetValue(push.Name, out var earlier))
        {
            var names = s.Topology.NodeNames;
            var ours = (respond.Routers ?? push.Targets).Select(n => names[n]).ToHashSet(StringComparer.Ordinal);
            var again = ours.Where(earlier.Routers.Contains).Count();
            if (again == 0) return;
            var first = earlier.First;
            var part = again == ours.Count
                ? "each router keeps the configuration from before a push only until its first rollback, so this one restores nothing"
                : $"{again} of the {ours.Count} routers it names were already rolled back and restore nothing more";
            warn($"'{push.Name}' (run at {Clock(s, ranAt)}) was already rolled back at {Clock(s, first.Ms)} by {first.By}: {part}");
        }
    }

    /// <summary>A recovery ends a failure that is in effect; one that is over (or has not begun) is left as it is.</summary>
    private static void CheckRecovery(RunAtFork state, TimelineAction action, FailAction failure, Action<string> warn, Action<string> refuse)
    {
        var s = state.Scenario;
        if (!state.Ran.TryGetValue(failure.Name, out var began))
        {
            if (failure.When is not null)
                warn($"'{failure.Name}' has not happened yet (it waits for its trigger); if it has not when the recovery comes, the recovery finds nothing to end");
            else if (failure.Inject)
                warn($"'{failure.Name}' is a hidden inject that has not been fired; if it never is, the recovery finds nothing to end");
            else if (failure.Scheduled && failure.AtMs > state.ForkMs)
            {
                if (action.When is not null)
                    warn($"'{failure.Name}' happens at {Clock(s, failure.AtMs)}; if this recovery comes first, it finds nothing to end");
            }
            else if (!failure.Scheduled)
                refuse($"'{failure.Name}' is cancelled (a what-if's cancel:), so it never happens: the recovery finds nothing to end");
            else
                warn($"'{failure.Name}' was due at {Clock(s, failure.AtMs)} but never started before the fork: the recovery finds nothing to end");
            return;
        }
        string? ended = null;
        if (state.Recovered.GetValueOrDefault(failure.Name)?.FirstOrDefault(d => d.Ms >= began) is { } by) ended = $"at {Clock(s, by.Ms)} ({by.By})";
        else if (failure.Failure.ForMs > 0 && began + failure.Failure.ForMs <= state.ForkMs)
            ended = $"at {Clock(s, began + failure.Failure.ForMs)} (its 'for: {TimeText.FormatDuration(failure.Failure.ForMs)}' ran out)";
        if (ended is not null)
            warn($"'{failure.Name}' (from {Clock(s, began)}) already ended {ended}: the recovery finds nothing to end");
    }

    /// <summary>
    /// The team that takes an order, as the responders choose it (named, else the first free, else the shortest queue),
    /// in the state the run is in at the fork; a busy team queues it, and without remote access a team that works
    /// remotely travels first. Orders of the what-if at the fork instant take teams in turn.
    /// </summary>
    private static void CheckTeam(RunAtFork state, RespondAction order, Action<string> warn)
    {
        if (order.When is not null) return; // when it fires is only known inside the run
        var s = state.Scenario;
        var atFork = order.AtMs == state.ForkMs;
        var team = state.TeamFor(order.Team);
        var then = atFork ? "" : $"; if it still is at {Clock(s, order.AtMs)}, this order waits in its queue";
        if (team.Current is { } busy)
        {
            var what = $"'{busy.Action}' ({busy.How} {Clock(s, busy.Ms)})";
            var queue = team.Queue.Count == 0 ? "" : $", behind {team.Queue.Count} other order{(team.Queue.Count == 1 ? "" : "s")}";
            warn($"team {team.Name} is busy with {what}" + (atFork ? $"; this order waits in its queue{queue}" : then));
        }
        var spec = s.Responders.Teams.First(t => t.Name == team.Name);
        if (state.VpnDown is { } downAt && spec.Remote && !s.Responders.OobSeparate && team.Path != "on-site")
        {
            var travel = TimeText.FormatDuration(spec.TravelMs ?? s.Responders.TravelMs);
            var security = TimeText.FormatDuration(s.Responders.SecurityMs);
            var unless = atFork && team.Current is null ? "" : ", unless the VPN is back when it takes this order";
            warn($"remote access is down at the fork (the VPN since {Clock(s, downAt)}; the out-of-band network shares the backbone's fate): " +
                 $"team {team.Name} travels ({travel}) and passes security ({security}) before it can work{unless}");
        }
        if (atFork) state.Take(team, order.Name);
    }

    private static string Instant(ScenarioDefinition scenario, TimelineAction action, long forkMs)
        => action.When is not null ? "(on its trigger)" : action.AtMs == forkMs ? $"at {Clock(scenario, forkMs)} (the fork)" : $"at {Clock(scenario, action.AtMs)}";

    /// <summary>A run instant as the page shows it.</summary>
    private static string Clock(ScenarioDefinition scenario, long ms) => $"{scenario.Start.AddMilliseconds(ms):HH:mm:ss} UTC";

    /// <summary>The order a team is on: its name, and since when (how: "dispatched at", "ordered at", …).</summary>
    private sealed record Busy(string Action, long Ms, string How);
    private sealed record Done(long Ms, string By);
    private sealed record RolledBackBy(Done First, HashSet<string> Routers);

    private sealed class Team(string name)
    {
        public string Name { get; } = name;
        public Busy? Current { get; set; }
        public List<string> Queue { get; } = [];
        /// <summary>The access path it last gained (on site it keeps it).</summary>
        public string? Path { get; set; }
    }

    /// <summary>The original run folded up to the fork instant: what ran, what was undone, what each team is doing.</summary>
    private sealed class RunAtFork
    {
        public ScenarioDefinition Scenario { get; }
        public long ForkMs { get; }
        /// <summary>Timeline actions that ran (their scenario.action), by name: when.</summary>
        public Dictionary<string, long> Ran { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Blocked { get; } = new(StringComparer.Ordinal);
        /// <summary>Pushes rolled back (by the responders or their rollout): the first, and every router concerned.</summary>
        public Dictionary<string, RolledBackBy> RolledBack { get; } = new(StringComparer.Ordinal);
        /// <summary>Failures ended by a recover action or by the responders, in order.</summary>
        public Dictionary<string, List<Done>> Recovered { get; } = new(StringComparer.Ordinal);
        /// <summary>When the VPN went down, while it is down at the fork.</summary>
        public long? VpnDown { get; private set; }
        private readonly List<Team> _teams;

        public RunAtFork(ScenarioDefinition scenario, long forkMs, IEnumerable<WhatIfEvent> events)
        {
            (Scenario, ForkMs) = (scenario, forkMs);
            _teams = scenario.Responders.Teams.Select(t => new Team(t.Name)).ToList();
            var byName = scenario.Timeline.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var sent = new List<(string Action, long Ms)>(); // respond orders on their way to the responders
            foreach (var e in events)
            {
                using var doc = JsonDocument.Parse(e.DataJson);
                var data = doc.RootElement;
                var team = _teams.FirstOrDefault(t => t.Name == e.Subject);
                switch (e.Kind)
                {
                    case "scenario.action" when Text(data, "action") is { } name:
                        Ran.TryAdd(name, e.Ms);
                        if (byName.GetValueOrDefault(name) is RecoverAction { } recover && recover.Failure < scenario.Timeline.Count)
                            RecoveredAt(scenario.Timeline[recover.Failure].Name, new Done(e.Ms, $"by '{name}'"));
                        if (Text(data, "kind") == "respond") sent.Add((name, e.Ms));
                        break;
                    case "gate.audit" when Text(data, "verdict") == "blocked" && Text(data, "action") is { } name:
                        Blocked.TryAdd(name, e.Ms);
                        break;
                    case "rollout.rollback" when Text(data, "action") is { } name && byName.GetValueOrDefault(name) is PushAction push:
                        // The deployment system undoes the push on every router it reached; the others never had it.
                        RolledBackAt(name, e.Ms, "its rollout (a failed health check)", push.Targets.Select(n => scenario.Topology.NodeNames[n]));
                        break;
                    case "config.applied" when Text(data, "restores") is { } of:
                        if (RolledBack.TryGetValue(of, out var rolled)) rolled.Routers.Add(e.Node);
                        else RolledBackAt(of, e.Ms, "a rollback", [e.Node]);
                        break;
                    case "tool.availability" when Text(data, "tool") == "vpn" && Text(data, "needs") == "backbone":
                        VpnDown = data.TryGetProperty("up", out var up) && up.ValueKind == JsonValueKind.False ? e.Ms : null;
                        break;
                    case "responders.dispatched" when team is not null && Text(data, "action") is { } name:
                        team.Current = new Busy(name, e.Ms, "dispatched at");
                        team.Queue.Remove(name);
                        sent.RemoveAll(o => o.Action == name);
                        break;
                    case "responders.queued" when team is not null && Text(data, "action") is { } name:
                        team.Queue.Add(name);
                        sent.RemoveAll(o => o.Action == name);
                        break;
                    case "responders.access_gained" when team is not null:
                        team.Path = Text(data, "path");
                        break;
                    case "responders.rollback" when team is not null:
                        if (Text(data, "rollback_of") is { } undone && byName.GetValueOrDefault(undone) is PushAction rolledPush)
                        {
                            var order = team.Current is null ? null : byName.GetValueOrDefault(team.Current.Action) as RespondAction;
                            RolledBackAt(undone, e.Ms, team.Current is null ? $"team {team.Name}" : $"'{team.Current.Action}' (team {team.Name})",
                                (order?.Routers ?? rolledPush.Targets).Select(n => scenario.Topology.NodeNames[n]));
                        }
                        team.Current = null;
                        break;
                    case "responders.recover" when team is not null:
                        if (Text(data, "recover") is { } failure)
                            RecoveredAt(failure, new Done(e.Ms, team.Current is null ? $"by team {team.Name}" : $"by '{team.Current.Action}', team {team.Name}"));
                        team.Current = null;
                        break;
                    case "responders.task" when team is not null:
                        team.Current = null;
                        break;
                }
            }
            // Orders sent before the fork that have not reached the responders yet get there before the what-if's.
            foreach (var (action, ms) in sent)
                if (byName.GetValueOrDefault(action) is RespondAction order) Take(TeamFor(order.Team), new Busy(action, ms, "ordered at"));
        }

        private void RecoveredAt(string failure, Done by)
        {
            if (!Recovered.TryGetValue(failure, out var list)) Recovered[failure] = list = [];
            list.Add(by);
        }

        private void RolledBackAt(string push, long ms, string by, IEnumerable<string> routers)
        {
            if (RolledBack.TryGetValue(push, out var rolled)) rolled.Routers.UnionWith(routers);
            else RolledBack[push] = new RolledBackBy(new Done(ms, by), routers.ToHashSet(StringComparer.Ordinal));
        }

        /// <summary>The team an order goes to: the one it names, else the first free one, else the shortest queue (the first listed on a tie).</summary>
        public Team TeamFor(string? name)
            => (name is null ? null : _teams.FirstOrDefault(t => t.Name == name)) ?? _teams.FirstOrDefault(t => t.Current is null) ?? _teams.MinBy(t => t.Queue.Count)!;

        /// <summary>An order of the what-if reaches the team at the fork: it starts on it when free, else queues it.</summary>
        public void Take(Team team, string action) => Take(team, new Busy(action, ForkMs, "ordered by this what-if at"));

        private static void Take(Team team, Busy order)
        {
            if (team.Current is null) team.Current = order;
            else team.Queue.Add(order.Action);
        }

        private static string? Text(JsonElement data, string key)
            => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
