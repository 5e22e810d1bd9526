namespace BackboneSim.Model.Nodes;

/// <summary>
/// The LSAs a router has still to flood, per neighbour router: the newest per origin (a newer instance replaces a
/// queued older one, as OSPF's link-state retransmission list holds one instance per LSA, RFC 2328 §13.3).
/// </summary>
/// <remarks>
/// A round goes out in ascending neighbour order, each neighbour's LSAs in origin order. The storage is kept from
/// round to round: every router floods after every change, and fresh sorted trees per round were a tenth of what a
/// replay allocated.
/// </remarks>
internal sealed class FloodQueue
{
    private readonly Dictionary<int, Dictionary<int, Lsa>> _byPeer = new();
    private readonly List<int> _peers = new();

    public bool IsEmpty => _peers.Count == 0;

    /// <summary>Queues <paramref name="lsa"/> for <paramref name="peer"/> unless a newer or equal instance waits.</summary>
    public void Add(int peer, Lsa lsa)
    {
        if (!_byPeer.TryGetValue(peer, out var queue)) _byPeer[peer] = queue = new Dictionary<int, Lsa>();
        if (queue.Count == 0) _peers.Add(peer);
        if (!queue.TryGetValue(lsa.Origin, out var queued) || queued.Sequence < lsa.Sequence) queue[lsa.Origin] = lsa;
    }

    /// <summary>Hands out every neighbour's LSAs in order and empties the queue.</summary>
    public void Drain(Action<int, Lsa[]> send)
    {
        _peers.Sort();
        foreach (var peer in _peers)
        {
            var queue = _byPeer[peer];
            var lsas = new Lsa[queue.Count];
            queue.Values.CopyTo(lsas, 0);
            Array.Sort(lsas, static (a, b) => a.Origin.CompareTo(b.Origin));
            queue.Clear();
            send(peer, lsas);
        }
        _peers.Clear();
    }

    public void Clear()
    {
        foreach (var peer in _peers) _byPeer[peer].Clear();
        _peers.Clear();
    }
}
