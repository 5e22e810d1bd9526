using BackboneSim.Analysis.Expectations;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// The scenario's eyes inside a run: watches each closed window's events and tells the scenario driver (node 0)
/// when a triggered action's condition is met and how a rollout's health check came out. It keeps its own
/// <see cref="RunState"/>, fed the same events in the same order under every runtime, so what it decides is
/// deterministic; its answers arrive at the end of the window it watched (within one lookahead).
/// </summary>
public sealed class ScenarioWatcher : IWindowObserver
{
    private const int Driver = 0;
    private readonly RunState _state;
    private readonly List<Trigger> _triggers;
    private readonly Dictionary<string, Rollout> _rollouts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _adjacencies = new(), _adjacenciesDown = new();
    private readonly Dictionary<int, HashSet<string>> _downLinks = new();
    private readonly Dictionary<int, string> _names;
    private bool _started;

    private sealed class Trigger(TimelineAction action)
    {
        public TimelineAction Action { get; } = action;
        public ActionTrigger When { get; } = action.When!;
        public Func<LoggedEvent, bool>? Matches { get; } = action.When!.Event?.Compile();
        public bool Armed { get; set; } = action.When!.After is null;
        public bool Fired { get; set; }
    }

    private sealed class Rollout(TimelineAction action, RolloutPlan plan)
    {
        public TimelineAction Action { get; } = action;
        public RolloutPlan Plan { get; } = plan;
        public List<(HealthCheck Check, Func<LoggedEvent, bool>? Matches)> Checks { get; } =
            plan.Health.Select(h => (h, h.Event?.Compile())).ToList();
        public HashSet<int> Reached { get; } = [];
        /// <summary>Health events seen since the current wave went out: the first of each check, as evidence.</summary>
        public Dictionary<int, LoggedEvent> Seen { get; } = new();
    }

    private ScenarioWatcher(SimulationFactory factory)
    {
        var scenario = factory.Scenario;
        _state = new RunState(factory);
        _triggers = scenario.Timeline.Where(a => a.When is not null).Select(a => new Trigger(a)).ToList();
        foreach (var a in scenario.Timeline)
            if (a is IStagedRollout { Rollout: { Health.Count: > 0 } plan }) _rollouts[a.Name] = new Rollout(a, plan);
        var topology = scenario.Topology;
        _names = topology.Routers.ToDictionary(r => r.Node, r => r.Name);
        foreach (var link in topology.Links)
        {
            _adjacencies[link.A] = _adjacencies.GetValueOrDefault(link.A) + 1;
            _adjacencies[link.B] = _adjacencies.GetValueOrDefault(link.B) + 1;
        }
    }

    /// <summary>A watcher for this scenario, or null when nothing in it needs watching (no cost then).</summary>
    public static ScenarioWatcher? For(SimulationFactory factory)
        => factory.Scenario.Timeline.Any(a => a.When is not null || a is IStagedRollout { Rollout.Health.Count: > 0 }) ? new ScenarioWatcher(factory) : null;

    public IReadOnlyList<ObserverMessage> OnWindow(long windowStartMs, long windowEndMs, IReadOnlyList<LoggedEvent> events)
    {
        var replies = new List<ObserverMessage>();
        if (!_started)
        {
            // A series trigger may hold from the very start.
            _started = true;
            CheckSeriesTriggers(0, null, replies);
        }
        var checks = new List<(Rollout Rollout, int Wave, LoggedEvent Event)>();
        foreach (var e in events)
        {
            _state.Apply(e);
            TrackAdjacency(e);
            if (e.Payload is ScenarioActionPlayed && e.Subject is { } action)
                foreach (var t in _triggers.Where(t => !t.Armed && t.When.After == action && e.Ms >= t.When.NotBeforeMs))
                {
                    t.Armed = true;
                    if (t.When.Event is null && t.When.Series is null) Fire(t, e.Ms, e, replies);
                }
            foreach (var t in _triggers)
                if (t.Armed && !t.Fired && e.Ms >= t.When.NotBeforeMs && t.Matches is { } matches && matches(e)) Fire(t, e.Ms, e, replies);
            CheckSeriesTriggers(e.Ms, e, replies);
            if (e.Subject is { } name && _rollouts.TryGetValue(name, out var rollout))
            {
                if (e.Payload is RolloutWavePushed wave)
                {
                    rollout.Seen.Clear();
                    foreach (var n in rollout.Plan.Waves[wave.Wave - 1]) rollout.Reached.Add(n);
                }
                else if (e.Payload is RolloutHealthCheck check) checks.Add((rollout, check.Wave - 1, e));
            }
            foreach (var r in _rollouts.Values)
                for (var i = 0; i < r.Checks.Count; i++)
                    if (r.Checks[i].Matches is { } m && !r.Seen.ContainsKey(i) && r.Reached.Count > 0 && m(e)) r.Seen[i] = e;
        }
        foreach (var (rollout, wave, e) in checks)
        {
            var failures = Failures(rollout).ToList();
            replies.Add(new ObserverMessage(Driver, windowEndMs, new RolloutVerdict
            {
                Action = rollout.Action.Index, Wave = wave, Healthy = failures.Count == 0,
                Detail = failures.Count == 0 ? "healthy" : string.Join("; ", failures),
            }, e.Id));
        }
        return replies;
    }

    private IEnumerable<string> Failures(Rollout rollout)
    {
        for (var i = 0; i < rollout.Checks.Count; i++)
        {
            var check = rollout.Checks[i].Check;
            if (check.Event is not null && rollout.Seen.TryGetValue(i, out var seen))
                yield return $"{check.Event.Kind} at {seen.NodeName}" + (seen.Subject is { } s && s != seen.NodeName ? $" ({s})" : "");
            if (check.Series is { } bound && _state.ValueOf(bound.Column) is var v && !bound.Holds(v))
                yield return $"{bound.Column} = {v:G6}, wanted {bound.Comparison.Replace('_', ' ')} {bound.Value:G}";
            if (check.AdjacenciesUp is { } share)
            {
                var worst = rollout.Reached.Where(_adjacencies.ContainsKey)
                    .Select(n => (Node: n, Up: 1 - (double)_adjacenciesDown.GetValueOrDefault(n) / _adjacencies[n]))
                    .OrderBy(x => x.Up).ThenBy(x => x.Node).FirstOrDefault();
                if (rollout.Reached.Count > 0 && worst.Up < share)
                    yield return $"{_names.GetValueOrDefault(worst.Node, worst.Node.ToString())} has {worst.Up * 100:0.#}% of its IGP adjacencies up, wanted {share * 100:0.#}%";
            }
        }
    }

    private void TrackAdjacency(LoggedEvent e)
    {
        if (e.Payload is not (IgpAdjacencyDown or IgpAdjacencyUp) || e.Subject is not { } link) return;
        if (!_downLinks.TryGetValue(e.Node, out var down)) _downLinks[e.Node] = down = new HashSet<string>(StringComparer.Ordinal);
        if (e.Payload is IgpAdjacencyDown ? down.Add(link) : down.Remove(link)) _adjacenciesDown[e.Node] = down.Count;
    }

    private void CheckSeriesTriggers(long ms, LoggedEvent? cause, List<ObserverMessage> replies)
    {
        foreach (var t in _triggers)
            if (t.Armed && !t.Fired && ms >= t.When.NotBeforeMs && t.When.Series is { } bound && bound.Holds(_state.ValueOf(bound.Column))) Fire(t, ms, cause, replies);
    }

    private static void Fire(Trigger t, long ms, LoggedEvent? cause, List<ObserverMessage> replies)
    {
        t.Fired = true;
        replies.Add(new ObserverMessage(Driver, ms + t.When.DelayMs, new ScenarioTrigger { Action = t.Action.Index }, cause?.Id));
    }
}
