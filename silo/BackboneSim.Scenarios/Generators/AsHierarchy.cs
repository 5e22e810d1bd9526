using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// The tiers a generated Internet has below its tier-1s and regional ISPs (<c>transit_per_region</c>,
/// <c>stubs_per_region</c>), wired the way inferred AS graphs look (CAIDA's AS-relationship data; Gao, "On inferring
/// autonomous system relationships in the Internet", 2001; Dhamdhere and Dovrolis, "Twelve years in the evolution of
/// the Internet ecosystem", 2011): a hierarchy of customer-provider links with peering between equals, many multihomed
/// edge networks, and providers whose customer counts are heavy-tailed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A transit provider (tier-2) buys from two tier-1s, peers privately with the next two transits of its region
/// (a ring with chords) and is a member of every exchange of its region.</item>
/// <item>A regional ISP of a region with transit providers buys from one of them too, besides its tier-1s.</item>
/// <item>A stub buys from its number of distinct providers (<c>providers_per_stub</c>) among its region's transits
/// and regional ISPs (the tier-1s when the region has neither), each chosen with probability proportional to one
/// plus the customers it has already (preferential attachment, Barabási and Albert 1999), from a generator seeded by
/// the first stub's AS number, so a topology is the same on every load.</item>
/// </list>
/// Path exploration needs exactly this: after a withdrawal, transits and multihomed stubs hold alternative paths
/// through their other providers and peers, which BGP tries one MRAI round after another before giving up
/// (Labovitz et al., "Delayed Internet routing convergence", SIGCOMM 2000).
/// </remarks>
public static class AsHierarchy
{
    private const int TransitProviders = 2, TransitRingPeers = 2;

    public static void AddLower(List<LayoutAsLink> asLinks, IReadOnlyList<ExternalAsInput> ases, double latencyMs)
    {
        var tier1 = ases.Where(a => a.Tier == AsTier.Tier1).ToList();
        var transits = ases.Where(a => a.Tier == AsTier.Transit).ToList();
        var stubs = ases.Where(a => a.Tier == AsTier.Stub).ToList();
        if (transits.Count == 0 && stubs.Count == 0) return;
        var transitsIn = transits.GroupBy(a => a.Region).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        for (var t = 0; t < transits.Count; t++)
            for (var k = 0; k < Math.Min(TransitProviders, tier1.Count); k++)
                asLinks.Add(new LayoutAsLink(transits[t].Asn, tier1[(t + k) % tier1.Count].Asn, latencyMs, AsLinkKind.CustomerOf));
        foreach (var (_, inRegion) in transitsIn.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var n = inRegion.Count;
            var pairs = new HashSet<(int, int)>();
            for (var i = 0; i < n; i++)
                for (var step = 1; step <= TransitRingPeers; step++)
                {
                    var j = (i + step) % n;
                    if (j != i && pairs.Add((Math.Min(i, j), Math.Max(i, j))))
                        asLinks.Add(new LayoutAsLink(inRegion[i].Asn, inRegion[j].Asn, latencyMs, AsLinkKind.Peer));
                }
        }
        foreach (var ix in ases.Where(a => a.Tier == AsTier.Ixp))
            foreach (var member in transitsIn.GetValueOrDefault(ix.Region) ?? [])
                asLinks.Add(new LayoutAsLink(member.Asn, ix.Asn, latencyMs, AsLinkKind.RouteServer));
        var regional = ases.Where(a => a.Tier == AsTier.Regional).ToList();
        for (var r = 0; r < regional.Count; r++)
            if (transitsIn.TryGetValue(regional[r].Region, out var local))
                asLinks.Add(new LayoutAsLink(regional[r].Asn, local[r % local.Count].Asn, latencyMs, AsLinkKind.CustomerOf));
        AddStubs(asLinks, stubs, tier1, transitsIn, regional, latencyMs);
    }

    private static void AddStubs(List<LayoutAsLink> asLinks, List<ExternalAsInput> stubs, List<ExternalAsInput> tier1,
        Dictionary<string, List<ExternalAsInput>> transitsIn, List<ExternalAsInput> regional, double latencyMs)
    {
        if (stubs.Count == 0) return;
        var random = new SplitMix64((ulong)stubs[0].Asn);
        var customers = new Dictionary<long, int>();
        var regionalIn = regional.GroupBy(a => a.Region).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var stub in stubs)
        {
            var candidates = (transitsIn.GetValueOrDefault(stub.Region) ?? []).Concat(regionalIn.GetValueOrDefault(stub.Region) ?? []).ToList();
            if (candidates.Count == 0) candidates = tier1;
            var chosen = new List<ExternalAsInput>();
            while (chosen.Count < Math.Min(stub.Providers, candidates.Count))
            {
                var left = candidates.Where(c => !chosen.Contains(c)).ToList();
                var total = left.Sum(c => 1L + customers.GetValueOrDefault(c.Asn));
                var pick = (long)(random.Next() % (ulong)total);
                foreach (var c in left)
                {
                    pick -= 1 + customers.GetValueOrDefault(c.Asn);
                    if (pick >= 0) continue;
                    chosen.Add(c);
                    break;
                }
            }
            foreach (var provider in chosen)
            {
                customers[provider.Asn] = customers.GetValueOrDefault(provider.Asn) + 1;
                asLinks.Add(new LayoutAsLink(stub.Asn, provider.Asn, latencyMs, AsLinkKind.CustomerOf));
            }
        }
    }

    /// <summary>An upper bound of the sessions <see cref="AddLower"/> adds, from the list alone (for the limits).</summary>
    public static long LinkBound(IReadOnlyList<ExternalAsInput> ases)
    {
        long transits = ases.Count(a => a.Tier == AsTier.Transit);
        if (transits == 0 && !ases.Any(a => a.Tier == AsTier.Stub)) return 0;
        long regional = ases.Count(a => a.Tier == AsTier.Regional), exchanges = ases.Count(a => a.Tier == AsTier.Ixp);
        return transits * (TransitProviders + TransitRingPeers + exchanges) + regional + ases.Where(a => a.Tier == AsTier.Stub).Sum(a => (long)a.Providers);
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood, 2014): a small generator whose sequence is fixed by its seed.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
