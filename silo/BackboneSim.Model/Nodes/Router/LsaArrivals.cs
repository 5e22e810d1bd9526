namespace BackboneSim.Model.Nodes;

/// <summary>
/// When a router last installed a received instance of each origin's LSA, kept only for the MinLSArrival window
/// (RFC 2328 §13 step (5)(a): a newer instance arriving within it of the install is discarded). The converged start's
/// LSAs count as installed long before; entries older than the window are dropped as new installs come, so what is
/// held is bounded by the installs of the last window, not by the size of the network.
/// </summary>
internal sealed class LsaArrivals(long windowMs)
{
    private readonly Dictionary<int, long> _installedAt = new();
    /// <summary>Installs in time order, to drop the ones that fell out of the window.</summary>
    private readonly Queue<(int Ordinal, long At)> _order = new();

    /// <summary>Whether the router installed an instance of router <paramref name="ordinal"/>'s LSA less than the
    /// window before <paramref name="now"/>.</summary>
    public bool Recent(int ordinal, long now) => _installedAt.TryGetValue(ordinal, out var at) && now - at < windowMs;

    /// <summary>The router installed a received instance of router <paramref name="ordinal"/>'s LSA now.</summary>
    public void Installed(int ordinal, long now)
    {
        while (_order.Count > 0 && now - _order.Peek().At >= windowMs)
        {
            var (old, at) = _order.Dequeue();
            if (_installedAt.TryGetValue(old, out var latest) && latest == at) _installedAt.Remove(old);
        }
        _installedAt[ordinal] = now;
        _order.Enqueue((ordinal, now));
    }

    /// <summary>A crash forgot the database, and with it when anything was installed.</summary>
    public void Clear()
    {
        _installedAt.Clear();
        _order.Clear();
    }
}
