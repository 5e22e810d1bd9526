using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The backbone's data plane, as loads: every PoP gateway reports its front-ends' traffic and how it spreads over
/// the equal-cost paths to a data center; this node adds the flows up per pair of routers (the parallel links in
/// use share the load), reports utilisation, and tells each gateway what share of its traffic gets through. A
/// congested pair drops the excess, the same share of every flow crossing it (fair loss); a flow keeps the product
/// over its pairs of what each lets through of the part that crosses it. Flows are added up once per measurement
/// interval, so a burst of path changes costs one recomputation.
/// </summary>
public sealed class BackboneTrafficModel : INodeModel
{
    /// <summary>Timer of the backbone: the measurement interval ended; add the flows up.</summary>
    private sealed record TrafficTimer;

    private readonly IReadOnlyList<string> _names;
    private readonly Dictionary<(int, int), double[]> _linkCapacities = new();
    private readonly SortedDictionary<int, FlowReport> _flows = new();
    private readonly Dictionary<int, double> _delivered = new();
    private readonly Dictionary<(int, int), double> _reportedUtilisation = new();
    private double _reportedTotal;
    private const double UtilisationStep = 0.05;

    public BackboneTrafficModel(IReadOnlyList<LinkSpec> links, IReadOnlyList<string> nodeNames)
    {
        _names = nodeNames;
        foreach (var g in links.GroupBy(l => Key(l.A, l.B)))
            _linkCapacities[g.Key] = g.OrderBy(l => l.Index).Select(l => l.CapacityGbps).ToArray();
    }

    public void Start(NodeContext ctx) { }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        if (message.Payload is TrafficTimer) { _pending = false; Recompute(ctx, _pendingCause); return; }
        if (message.Payload is not FlowReport report) throw new InvalidOperationException($"the backbone cannot handle {message.Payload.GetType().Name}");
        if (report.Gbps <= 0) _flows.Remove(message.From); else _flows[message.From] = report;
        _pendingCause = ctx.CurrentCause;
        if (_pending) return;
        _pending = true;
        ctx.SetTimer(ctx.Now + MeasurementIntervalMs, new TrafficTimer(), ctx.CurrentCause);
    }

    private const long MeasurementIntervalMs = 1_000;
    private bool _pending;
    private long _pendingCause;

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);

    private void Recompute(NodeContext ctx, long cause)
    {
        var load = new Dictionary<(int, int), double>();
        var capacity = new Dictionary<(int, int), double>();
        foreach (var f in _flows.Values)
            for (var i = 0; i < f.From.Length; i++)
            {
                var key = Key(f.From[i], f.To[i]);
                load[key] = load.GetValueOrDefault(key) + f.Gbps * f.Shares[i];
                var links = _linkCapacities.GetValueOrDefault(key) ?? [];
                capacity[key] = Math.Max(capacity.GetValueOrDefault(key), links.Take(Math.Max(1, f.UpLinks[i])).Sum());
            }
        double Util((int, int) key) => capacity.GetValueOrDefault(key) is > 0 and var c ? load.GetValueOrDefault(key) / c : 0;

        foreach (var key in load.Keys.Concat(_reportedUtilisation.Keys).Distinct().OrderBy(k => k))
        {
            var u = Util(key);
            var before = _reportedUtilisation.GetValueOrDefault(key);
            var crossed = (u > 1) != (before > 1);
            if (!crossed && Math.Abs(u - before) < UtilisationStep && !(u == 0 && before > 0)) continue;
            if (u == 0) _reportedUtilisation.Remove(key); else _reportedUtilisation[key] = u;
            var name = $"{_names[key.Item1]}~{_names[key.Item2]}";
            ctx.Emit(new LinkUtilisation(name, Math.Round(load.GetValueOrDefault(key), 1), capacity.GetValueOrDefault(key), Math.Round(u, 4)), cause);
        }

        var total = 0.0;
        foreach (var (gateway, f) in _flows)
        {
            var share = 1.0;
            for (var i = 0; i < f.From.Length; i++) share *= 1 - f.Shares[i] * (1 - 1 / Math.Max(1, Util(Key(f.From[i], f.To[i]))));
            total += f.Gbps * share;
            if (Math.Abs(share - _delivered.GetValueOrDefault(gateway, 1)) < 0.01 && !(share == 1 && _delivered.GetValueOrDefault(gateway, 1) < 1)) continue;
            _delivered[gateway] = share;
            ctx.Send(gateway, Math.Max(ctx.Lookahead, 1), new FlowDelivery { Delivered = share }, cause);
        }
        // A gateway that stopped sending starts from a clean slate when its traffic returns.
        foreach (var gone in _delivered.Keys.Where(g => !_flows.ContainsKey(g)).ToList())
        {
            if (_delivered[gone] < 1) ctx.Send(gone, Math.Max(ctx.Lookahead, 1), new FlowDelivery { Delivered = 1 }, cause);
            _delivered.Remove(gone);
        }
        if (Math.Abs(total - _reportedTotal) < 0.01 * Math.Max(1, _reportedTotal) && !(total == 0 && _reportedTotal > 0)) return;
        _reportedTotal = total;
        ctx.Emit(new BackboneTraffic(Math.Round(total, 1), _flows.Count, Math.Round(_reportedUtilisation.Values.DefaultIfEmpty(0).Max(), 4)), cause);
    }
}
