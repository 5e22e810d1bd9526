using System.Globalization;
using System.Text.RegularExpressions;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// Reads the real side's observations from the daemons' logs (FRR at 1 ms: <c>log timestamp precision 3</c>), the
/// harness's own records (cuts, health-check verdicts) and the resolver probe's answers.
/// </summary>
public static partial class FrrLogs
{
    // 2026/12/07 20:00:53.643 BGP: [PAPP6-VDAWM] 10.9.0.1(vm) rcvd UPDATE about 192.0.2.0/24 IPv4 unicast -- withdrawn
    // 2026/12/07 20:00:54.687 BGP: [YCKEM-GB33T] 10.9.0.1(vm) rcvd 192.0.2.0/24 IPv4 unicast
    // ... rcvd UPDATE about 192.0.2.0/24 IPv4 unicast -- DENIED due to: as-path contains our own AS;
    [GeneratedRegex(@"^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}) BGP: \[[^\]]*\] (\d+\.\d+\.\d+\.\d+)\([^)]*\) rcvd (UPDATE about )?(\d+\.\d+\.\d+\.\d+/\d+) IPv4 unicast(.*)$")]
    private static partial Regex Received();

    // ... BGP: [WHJ94-YXNE1] u1:s1 send UPDATE 192.0.2.0/24 IPv4 unicast -- unreachable   (and without the suffix: an announcement)
    [GeneratedRegex(@"^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}) BGP: \[[^\]]*\] \S+ send UPDATE (\d+\.\d+\.\d+\.\d+/\d+) IPv4 unicast( -- unreachable)?\s*$")]
    private static partial Regex Sent();

    // ... OSPF: [Y05P2-YJVXY] AdjChg: Nbr 10.255.0.1, NbrIP 10.0.1.1 (default) on to-dc1-dr1:10.0.1.2: Exchange -> Full (ExchangeDone)
    [GeneratedRegex(@"^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}) OSPF: .*AdjChg: Nbr .*? on ([^:\s]+):[^:\s]+: (\S+) -> (\S+)")]
    private static partial Regex Adjacency();

    public static long ParseTime(string text) =>
        new DateTimeOffset(DateTime.ParseExact(text, "yyyy/MM/dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)).ToUnixTimeMilliseconds();

    /// <summary>Everything the real run shows, relative to <paramref name="epochMs"/>.</summary>
    public static Observations Read(Daemons daemons, long epochMs, IEnumerable<Verdict> verdicts, IReadOnlyList<DnsAnswer> answers, int ttlSeconds,
        IEnumerable<(long Ms, string Pop, bool Present)> popRoutes)
    {
        var o = new Observations();
        foreach (var r in popRoutes.OrderBy(r => r.Ms)) o.PopRoute.Add((r.Ms - epochMs, r.Pop, r.Present));
        foreach (var v in verdicts.OrderBy(v => v.Ms)) o.Verdicts.Add((v.Ms - epochMs, v.Pop, v.Withdraw));
        foreach (var pop in GtTopology.Pops)
            foreach (var line in Lines(daemons, pop, "bgpd.log"))
                if (Sent().Match(line) is { Success: true } m && m.Groups[2].Value == GtTopology.DnsPrefix)
                    o.OriginSent.Add((ParseTime(m.Groups[1].Value) - epochMs, pop, m.Groups[3].Success));

        var far = new List<(long, string, string, bool)>();
        foreach (var a in GtTopology.Ases)
            foreach (var line in Lines(daemons, a.Name, "bgpd.log"))
            {
                if (Received().Match(line) is not { Success: true } m) continue;
                var from = GtTopology.NodeOfAddress(m.Groups[2].Value) ?? m.Groups[2].Value;
                var rest = m.Groups[5].Value;
                var withdraw = m.Groups[3].Success && rest.Contains("withdrawn", StringComparison.Ordinal);
                var denied = rest.Contains("DENIED", StringComparison.Ordinal);
                var ms = ParseTime(m.Groups[1].Value) - epochMs;
                o.Updates.Add(new UpdateSeen(ms, a.Name, from, m.Groups[4].Value, withdraw));
                if (a == GtTopology.Farthest) far.Add((ms, from, m.Groups[4].Value, !withdraw && !denied));
            }
        o.DeriveFarRoute(far);

        foreach (var r in GtTopology.Routers)
            foreach (var line in Lines(daemons, r.Name, "ospfd.log"))
                if (Adjacency().Match(line) is { Success: true } m && m.Groups[4].Value == "Full")
                {
                    var link = GtTopology.LinksOf(r.Name).FirstOrDefault(l => l.InterfaceAt(r.Name) == m.Groups[2].Value);
                    if (link is not null) o.AdjacencyUp.Add((ParseTime(m.Groups[1].Value) - epochMs, link.SimName));
                }
        o.AdjacencyUp.Sort();

        // The resolver: transitions between answering and not (SERVFAIL, or no answer within the probe's timeout).
        bool? answering = null;
        foreach (var a in answers)
        {
            if (a.Answered) o.CacheExpiries.Add(a.Ms - epochMs + a.Ttl * 1000L);
            if (answering == a.Answered) continue;
            answering = a.Answered;
            o.Resolver.Add((a.Ms - epochMs, a.Answered));
        }
        // Unbound counts TTLs in whole seconds: one expiry per cached answer, the latest estimate of each.
        var expiries = o.CacheExpiries.OrderBy(e => e).ToList();
        o.CacheExpiries.Clear();
        foreach (var e in expiries)
            if (o.CacheExpiries.Count == 0 || e - o.CacheExpiries[^1] > ttlSeconds * 500L) o.CacheExpiries.Add(e);
            else o.CacheExpiries[^1] = Math.Max(o.CacheExpiries[^1], e);
        return o;
    }

    private static IEnumerable<string> Lines(Daemons daemons, string node, string file)
    {
        var path = Path.Combine(daemons.DirOf(node), file);
        return File.Exists(path) ? File.ReadLines(path) : [];
    }
}
