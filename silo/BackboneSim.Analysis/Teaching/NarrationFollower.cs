using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Teaching;

namespace BackboneSim.Analysis.Teaching;

/// <summary>A narration item that fired: when (virtual ms since the start), and the id of the event that fired it
/// (the action's <c>scenario.action</c> for <c>after:</c>, the matching event for <c>on:</c>; null for <c>at:</c>).</summary>
public sealed record FiredNarration(NarrationItem Item, long Ms, long? EventId);

/// <summary>
/// Decides when each narration item of a scenario fires, from the run's events alone (so it fires at the same
/// virtual time under every runtime, and however the events are batched), and reports it. It only reads events:
/// narration never changes the simulation.
/// <para>
/// An item fires once. <c>at: T</c> fires after every event before T and before any event at or after T, even
/// when no event happens near T: the virtual time a batch reports (every event before it has been delivered) is
/// enough. <c>after:</c> and <c>on:</c> without a delay fire right after their triggering event, at its ms; with a
/// delay D they fire at the event's ms + D, like an <c>at:</c> item. Items due at the same ms fire in the
/// scenario's order. An item whose time is not reached before the run stops does not fire.
/// </para>
/// </summary>
public sealed class NarrationFollower : IEventSink
{
    private readonly IReadOnlyList<NarrationItem> _items;
    private readonly Action<FiredNarration>? _onFired;
    private readonly PriorityQueue<(NarrationItem Item, long? EventId), (long Ms, int Index)> _due = new();
    /// <summary>Items an action's run triggers (<c>after:</c>) or arms (<c>on:</c> with <c>after:</c>), by action name.</summary>
    private readonly Dictionary<string, List<NarrationItem>> _byAction = new(StringComparer.Ordinal);
    /// <summary>Armed <c>on:</c> items still waiting for their event, by event kind.</summary>
    private readonly Dictionary<string, List<(NarrationItem Item, Func<LoggedEvent, bool> Matches)>> _watching = new(StringComparer.Ordinal);
    private readonly bool[] _triggered;
    private readonly bool[] _fired;
    private readonly List<FiredNarration> _firedList = new();
    private readonly List<NarrationItem> _now = new();

    public NarrationFollower(ScenarioDefinition scenario, Action<FiredNarration>? onFired = null)
    {
        _items = scenario.Narration;
        _onFired = onFired;
        _triggered = new bool[_items.Count];
        _fired = new bool[_items.Count];
        foreach (var item in _items)
        {
            switch (item.Trigger)
            {
                case NarrationTriggerKind.At:
                    _triggered[item.Index] = true;
                    _due.Enqueue((item, null), (item.AtMs!.Value, item.Index));
                    break;
                case NarrationTriggerKind.On when item.After is null:
                    Watch(item);
                    break;
                default:
                    if (!_byAction.TryGetValue(item.After!, out var list)) _byAction[item.After!] = list = new List<NarrationItem>();
                    list.Add(item);
                    break;
            }
        }
    }

    public bool Any => _items.Count > 0;

    /// <summary>The items fired so far, in the order they fired (by virtual time, then the scenario's order).</summary>
    public IReadOnlyList<FiredNarration> Fired => _firedList;

    /// <summary>The items that have not fired (yet), in the scenario's order.</summary>
    public IReadOnlyList<NarrationItem> NotFired => _items.Where(i => !_fired[i.Index]).ToList();

    /// <summary>Why an item has not fired, for a person: its action did not run, no event matched, or the run stopped first.</summary>
    public string WhyNotFired(NarrationItem item) => _fired[item.Index] ? "it fired"
        : _triggered[item.Index] ? "the run stopped before its time"
        : item.Trigger == NarrationTriggerKind.After || (item.After is { } a && _byAction.ContainsKey(a)) ? $"action '{item.After}' did not run"
        : $"no {item.On} happened" + (item.After is { } after ? $" after '{after}'" : "");

    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
        {
            FireDueBefore(e.Ms + 1);
            Observe(e);
        }
        // Every event before windowStartMs has been delivered: what is due before it cannot be preceded by more.
        FireDueBefore(windowStartMs);
    }

    /// <summary>The run stopped at <paramref name="endMs"/>: fire what was due before it.</summary>
    public void OnFinished(long endMs) => FireDueBefore(endMs);

    private void Observe(LoggedEvent e)
    {
        _now.Clear();
        if (e.Payload is ScenarioActionPlayed && e.Subject is { } action && _byAction.Remove(action, out var armed))
        {
            foreach (var item in armed)
            {
                if (item.Trigger == NarrationTriggerKind.After) _now.Add(item);
                else Watch(item); // an 'on' item looks from its action's own event on, as an expectation's window does
            }
        }
        if (_watching.TryGetValue(e.Kind, out var watching))
        {
            foreach (var (item, matches) in watching)
                if (matches(e)) _now.Add(item);
            if (_now.Count > 0) watching.RemoveAll(w => _now.Contains(w.Item));
        }
        if (_now.Count == 0) return;
        _now.Sort((a, b) => a.Index.CompareTo(b.Index));
        foreach (var item in _now)
        {
            _triggered[item.Index] = true;
            if (item.DelayMs == 0) Fire(item, e.Ms, e.Id);
            else _due.Enqueue((item, e.Id), (e.Ms + item.DelayMs, item.Index));
        }
    }

    private void Watch(NarrationItem item)
    {
        var on = item.On!;
        if (!_watching.TryGetValue(on.Kind, out var list)) _watching[on.Kind] = list = new List<(NarrationItem, Func<LoggedEvent, bool>)>();
        list.Add((item, on.Compile()));
    }

    /// <summary>Fire every scheduled item due strictly before <paramref name="ms"/>, in (time, scenario order).</summary>
    private void FireDueBefore(long ms)
    {
        while (_due.TryPeek(out var next, out var key) && key.Ms < ms)
        {
            _due.Dequeue();
            Fire(next.Item, key.Ms, next.EventId);
        }
    }

    private void Fire(NarrationItem item, long ms, long? eventId)
    {
        _fired[item.Index] = true;
        var fired = new FiredNarration(item, ms, eventId);
        _firedList.Add(fired);
        _onFired?.Invoke(fired);
    }
}
