using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

// Between a router's control plane and the data plane (the forwarding hardware of every router, which the data-plane
// node holds): FIB batches once they are programmed, what the line cards see of their links, and the control plane's
// life, which decides whether the FIB is fresh, stale (fail-static) or gone.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

/// <summary>
/// A batch of FIB writes a router's control plane submitted, delivered when it is programmed (after the FIB
/// programming delay): per router ordinal whose loopback route changed, the new next hops (empty: the entry is
/// removed), and per data-center prefix whose entry changed, its next-hop routers. A <see cref="Full"/> batch rewrites the whole table (a restarted control plane's first), which clears the
/// stale mark fail-static left.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FibUpdate
{
    /// <summary>The control-plane life that computed it: a batch of a life that has since ended is dropped.</summary>
    [Id(0)] public int Epoch { get; init; }
    [Id(1)] public int[] Ordinals { get; init; } = [];
    /// <summary>Per entry of <see cref="Ordinals"/>, its next hops as a number into <see cref="Sets"/> (0: no entry), as
    /// <see cref="NextHopTable"/> numbers them: a batch after a ring cut lists thousands of entries over a handful of
    /// sets, and every router's batch is in flight at once.</summary>
    [Id(2)] public ushort[] SetNumbers { get; init; } = [];
    /// <summary>The distinct next-hop sets the numbers refer to (number k is <c>Sets[k − 1]</c>).</summary>
    [Id(9)] public NextHop[][] Sets { get; init; } = [];
    [Id(3)] public bool Full { get; init; }
    /// <summary>From submission to programmed (queueing behind earlier batches included).</summary>
    [Id(4)] public long DelayMs { get; init; }
    /// <summary>On the first batch after the start, the start table the control plane diffed against (by router
    /// ordinal), so the hardware need not work it out again before applying the batch; null otherwise.</summary>
    [Id(5)] public NextHopTable? StartTable { get; init; }
    /// <summary>The data-center prefix entries that changed, by site index (<see cref="DataCenterPrefixes"/>), and their
    /// next-hop routers (empty: no route).</summary>
    [Id(6)] public int[] Sites { get; init; } = [];
    [Id(7)] public int[][] SiteHops { get; init; } = [];
    /// <summary>On the first batch, the start prefix entries the control plane diffed against (by site); null otherwise.</summary>
    [Id(8)] public int[][]? StartSites { get; init; }

    /// <summary>The next hops of entry <paramref name="k"/>; null when the ordinal has no entry.</summary>
    public NextHop[]? HopsAt(int k) => SetNumbers[k] == 0 ? null : Sets[SetNumbers[k] - 1];
}

/// <summary>A line card lost (or regained) signal on a link: the data plane repairs locally at once (entries through
/// the link lose that next hop) and the link carries nothing while either end is down.</summary>
[GenerateSerializer, Immutable]
public sealed class LineCardSignal
{
    [Id(0)] public int Link { get; init; }
    [Id(1)] public bool Up { get; init; }
}

/// <summary>An ingress data filter on one of the router's interfaces was put on (or taken off): the hardware discards
/// every data packet arriving over the link at this router.</summary>
[GenerateSerializer, Immutable]
public sealed class DataFilter
{
    [Id(0)] public int Link { get; init; }
    [Id(1)] public bool DenyData { get; init; }
}

/// <summary>
/// The control plane's life as the forwarding hardware sees it: it died (the FIB goes stale and is flushed after
/// <c>fib_fail_static</c>), came back (the flush is called off; the entries stay stale until reprogrammed), or the
/// whole router went dark (crash, power: nothing is forwarded and the FIB is lost).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ForwardingControl
{
    [Id(0)] public bool ControlPlaneAlive { get; init; }
    [Id(1)] public bool Dark { get; init; }
    /// <summary>The control-plane life from now on: batches of earlier lives are dropped.</summary>
    [Id(2)] public int Epoch { get; init; }
    /// <summary>The control plane runs but its programming is frozen (the controller that programs the router is gone):
    /// the entries stay, stale, and are not flushed; the controller's return thaws them with a full batch.</summary>
    [Id(3)] public bool Frozen { get; init; }
}

/// <summary>A DNS server's health check over the data plane: probes from its gateway router towards every data
/// center's border routers, carried over the FIBs as they are; the data plane tells it whenever the result changes.</summary>
[GenerateSerializer, Immutable]
public sealed class ProbeRegistration
{
    [Id(0)] public int Gateway { get; init; }
    [Id(1)] public int[] Targets { get; init; } = [];
}

/// <summary>Whether the prober's probes now arrive (at some target, at least half of them).</summary>
[GenerateSerializer, Immutable]
public sealed class ProbeResult
{
    [Id(0)] public bool Passing { get; init; }
}

/// <summary>
/// The front-ends' health checks of the data centers over the data plane: for each (PoP gateway, data center) pair
/// whose result changed at this step, whether probes from the gateway towards the data center's border routers now
/// arrive (at some border router, at least half of them). The data plane tells every client cohort a gateway serves,
/// one message per cohort and step.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FrontEndProbe
{
    [Id(0)] public int[] Gateways { get; init; } = [];
    [Id(1)] public int[] DataCenters { get; init; } = [];
    [Id(2)] public bool[] Passing { get; init; } = [];
}
