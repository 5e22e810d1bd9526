using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A data center's view of the power feed it shares with the other data centers of its region, where the topology
/// gives a limit for the region (a utility feed or substation behind several sites): like a site's own limit
/// (<see cref="DataCenterPower"/>), but on their total draw. Each data center hears the others' draws
/// (<see cref="RegionDraw"/>, a local hop late) and judges its own changes against the total: the site whose step
/// would raise the region's draw too far above the level the feed has settled to trips its breaker. So data centers
/// of one region brought back together can trip where each alone would not, and staggering them avoids it. Two
/// changes within one hop of each other are each judged without the other.
/// </summary>
public sealed class DataCenterRegionFeed
{
    private readonly long _settleMs;
    private readonly Dictionary<int, double> _peerMw;
    private double _settled = double.NaN;
    private long _settledAt;

    public DataCenterRegionFeed(RegionPowerLimit limit, ModelParameters p)
    {
        Limit = limit;
        _settleMs = Math.Max(1, limit.SettleMs ?? p.DcPowerSettleMs);
        _peerMw = limit.Peers.ToDictionary(x => x.Node, x => x.PeakMw);
    }

    public RegionPowerLimit Limit { get; }

    public IEnumerable<int> Peers => Limit.Peers.Select(x => x.Node);

    /// <summary>The region's draw as this data center knows it, with its own draw at <paramref name="ownMw"/>.</summary>
    public double Total(double ownMw) => ownMw + _peerMw.Values.Sum();

    public double SettledMw => _settled;

    /// <summary>Brings the settled level up to now, the region having drawn <paramref name="totalMw"/> since the last call.</summary>
    public void Advance(long now, double totalMw)
    {
        if (double.IsNaN(_settled)) (_settled, _settledAt) = (totalMw, now);
        if (now <= _settledAt) return;
        _settled += (totalMw - _settled) * (1 - Math.Exp(-(now - _settledAt) / (double)_settleMs));
        _settledAt = now;
    }

    /// <summary>A peer's draw changed (after <see cref="Advance"/> to now).</summary>
    public void Heard(int peer, double mw) => _peerMw[peer] = mw;

    /// <summary>Whether this total, now, is too far above the settled level (after <see cref="Advance"/> to now).</summary>
    public bool Trips(double totalMw) => totalMw - _settled > Limit.StepLimitMw + 1e-9;
}
