using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// Per service, over the whole run: when users first lost it, when every user had it back, how long nobody had
/// it, and the user-minutes lost, integrated exactly between events. User-minutes count active users (users x
/// usage share x active fraction): the people who would have been using the service at that moment.
/// </summary>
public sealed class ServiceLedger : IEventSink
{
    private readonly Dictionary<(string Cohort, string Service), (double ActiveUsers, double Availability)> _cohorts = new();
    private readonly Dictionary<string, Ledger> _services = new(StringComparer.Ordinal);
    private long _lastMs;

    public sealed class Ledger
    {
        public double ActiveUsers { get; set; }
        public double UnservedUsers { get; set; }
        public long? FirstImpactMs { get; set; }
        public long? FullyRestoredMs { get; set; }
        public long? FullOutageStartMs { get; set; }
        public long FullOutageMs { get; set; }
        public double UserMinutesLost { get; set; }
        public double Availability => ActiveUsers <= 0 ? 1 : 1 - UnservedUsers / ActiveUsers;
    }

    public ServiceLedger(SimulationFactory factory)
    {
        var t = factory.Scenario.Topology;
        var active = factory.Scenario.Parameters.ActiveUserFraction;
        foreach (var s in t.Services) _services[s.Name] = new Ledger();
        foreach (var c in t.Clients)
            foreach (var s in t.Services)
            {
                var users = c.Users * s.UsersShare * active;
                _cohorts[(c.Name, s.Name)] = (users, 1);
                _services[s.Name].ActiveUsers += users;
            }
    }

    public IReadOnlyDictionary<string, Ledger> Services => _services;

    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events) Apply(e);
    }

    /// <summary>Takes one event (only a cohort's service availability changes a ledger).</summary>
    public void Apply(LoggedEvent e)
    {
        if (e.Payload is not ServiceAvailability || e.Subject is not { } service) return;
        AdvanceTo(e.Ms);
        var key = (e.NodeName, service);
        if (!_cohorts.TryGetValue(key, out var cohort)) return;
        var ledger = _services[service];
        ledger.UnservedUsers += cohort.ActiveUsers * ((1 - e.Value) - (1 - cohort.Availability));
        _cohorts[key] = (cohort.ActiveUsers, e.Value);
        var availability = ledger.Availability;
        if (availability < 1 - 1e-9) { ledger.FirstImpactMs ??= e.Ms; ledger.FullyRestoredMs = null; }
        else if (ledger.FirstImpactMs is not null && ledger.FullyRestoredMs is null) ledger.FullyRestoredMs = e.Ms;
        if (availability < 1e-9) ledger.FullOutageStartMs ??= e.Ms;
        else if (ledger.FullOutageStartMs is { } since) { ledger.FullOutageMs += e.Ms - since; ledger.FullOutageStartMs = null; }
    }

    public void OnFinished(long endMs)
    {
        AdvanceTo(endMs);
        foreach (var l in _services.Values)
            if (l.FullOutageStartMs is { } since) { l.FullOutageMs += endMs - since; l.FullOutageStartMs = endMs; }
    }

    private void AdvanceTo(long ms)
    {
        if (ms <= _lastMs) return;
        var minutes = (ms - _lastMs) / 60_000.0;
        foreach (var l in _services.Values) l.UserMinutesLost += l.UnservedUsers * minutes;
        _lastMs = ms;
    }
}
