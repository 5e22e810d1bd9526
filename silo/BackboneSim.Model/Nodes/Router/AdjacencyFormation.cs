using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// How an IGP adjacency forms once a link's carrier is up, as OSPF's neighbour state machine does on a point-to-point
/// link (RFC 2328 §10; FRR's ospfd): each end sends a hello as the interface comes up and every
/// <c>igp_hello_interval</c> after; a hello from the far end makes it known (Init), and the hellos sent after that
/// list it; an end that receives a hello listing itself reaches two-way and starts describing its database (a
/// Database Description packet, which also brings the far end to two-way, §10.6). The description takes one round
/// trip to agree who leads (ExStart) and one per 72 LSA headers (Exchange: a 1,500-byte packet holds 72 headers of 20
/// bytes, §A.3.3, A.4.1, one packet per round trip); the adjacency is then full and the databases are synchronised
/// (the LSAs themselves follow as a flood, <see cref="IgpProcess"/>). So with both ends up at once the adjacency
/// forms about one hello interval after carrier, not at once. Steady-state hellos are not sent: a silent neighbour is
/// noticed by <c>igp_hold</c>.
/// </summary>
public static class AdjacencyFormation
{
    /// <summary>Timer: this end's next hello on a link while its adjacency forms.</summary>
    public sealed record HelloTimer(int Link);

    /// <summary>LSA headers one Database Description packet carries: (1,500 − 20 IP − 24 OSPF − 8 DD) ÷ 20.</summary>
    public const int HeadersPerDescription = 72;

    /// <summary>Carrier came up: forget the far end, send the first hello now and the next one a hello interval later.</summary>
    public static void Start(NodeContext ctx, RouterInterface iface, ModelParameters p, long cause)
    {
        Reset(ctx, iface);
        SendHello(ctx, iface, cause);
        iface.HelloTimer.Set(ctx, ctx.Now + Math.Max(1, p.IgpHelloIntervalMs), new HelloTimer(iface.Link), cause);
    }

    /// <summary>
    /// A full adjacency's far end restarted (its hello does not list this end): this end knows it already, so its next
    /// hello, when its steady hello timer next fires (a phase unknown to the far end: uniform over one interval), lists
    /// it and brings it to two-way.
    /// </summary>
    public static void FarEndRestarted(NodeContext ctx, RouterInterface iface, ModelParameters p, long cause)
    {
        Reset(ctx, iface);
        iface.HelloHeard = true;
        var interval = Math.Max(1, p.IgpHelloIntervalMs);
        iface.HelloTimer.Set(ctx, ctx.Now + 1 + ctx.Random.NextLong(0, interval), new HelloTimer(iface.Link), cause);
    }

    /// <summary>Carrier went down or the control plane stopped: nothing is forming any more.</summary>
    public static void Reset(NodeContext ctx, RouterInterface iface)
    {
        iface.HelloTimer.CancelAll(ctx);
        (iface.HelloHeard, iface.TwoWay, iface.AwaitingDatabase) = (false, false, false);
    }

    /// <summary>The hello timer fired: send the next hello while two-way is not reached.</summary>
    public static void OnHelloTimer(NodeContext ctx, RouterInterface iface, ModelParameters p)
    {
        if (!iface.CarrierUp || iface.AdjacencyUp || iface.TwoWay) return;
        SendHello(ctx, iface, ctx.CurrentCause);
        iface.HelloTimer.Set(ctx, ctx.Now + Math.Max(1, p.IgpHelloIntervalMs), new HelloTimer(iface.Link), ctx.CurrentCause);
    }

    /// <summary>
    /// A hello (or a Database Description) arrived from the far end: it is known now, and if it lists this end (or
    /// describes its database) two-way is reached and the adjacency is full after the description's round trips.
    /// Returns true when two-way was reached now.
    /// </summary>
    /// <param name="lsdbSize">LSAs in this router's database (what the description carries).</param>
    public static bool OnHello(NodeContext ctx, RouterInterface iface, IgpHello hello, int lsdbSize, IgpProcess.AdjacencyTimer full)
    {
        // A hello that meets a down line or a formed adjacency is the steady state's, or lost.
        if (!iface.CarrierUp || iface.AdjacencyUp || iface.TwoWay) return false;
        iface.HelloHeard = true;
        if (!hello.SeenYou && !hello.DatabaseDescription) return false;
        iface.TwoWay = true;
        iface.TwoWaySince = ctx.Now;
        iface.HelloTimer.CancelAll(ctx);
        // The far end learns of two-way from this end's first Database Description (unless it sent one itself).
        if (!hello.DatabaseDescription)
            ctx.Send(iface.Peer, OneWayMs(ctx, iface), new IgpHello { Link = iface.Link, SeenYou = true, DatabaseDescription = true }, ctx.CurrentCause);
        iface.AdjacencyTimer.Set(ctx, ctx.Now + ExchangeMs(iface, lsdbSize), full, ctx.CurrentCause);
        return true;
    }

    /// <summary>From two-way to full: one round trip to agree who leads, one per <see cref="HeadersPerDescription"/> headers.</summary>
    public static long ExchangeMs(RouterInterface iface, int lsdbSize)
    {
        var roundTrip = 2 * Math.Max(1, (long)Math.Ceiling(iface.LatencyMs));
        return roundTrip * (1 + (Math.Max(1, lsdbSize) + HeadersPerDescription - 1) / HeadersPerDescription);
    }

    private static void SendHello(NodeContext ctx, RouterInterface iface, long cause) =>
        ctx.Send(iface.Peer, OneWayMs(ctx, iface), new IgpHello { Link = iface.Link, SeenYou = iface.HelloHeard }, cause);

    private static long OneWayMs(NodeContext ctx, RouterInterface iface) => Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs));
}
