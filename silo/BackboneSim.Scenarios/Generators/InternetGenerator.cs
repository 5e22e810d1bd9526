using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// <c>internet: { generate: ... }</c>: how many external ASes of each kind to make instead of listing them.
/// Regions are taken in ordinal order of their names, whatever order the file writes them in.
/// </summary>
public sealed record InternetGenerateSpec(int Tier1, IReadOnlyDictionary<string, int> RegionalPerRegion, int IxpsPerRegion, long AsnBase)
{
    public const long DefaultAsnBase = 64600;
    public const string Tier1Region = "global";
    /// <summary>Providers of a generated stub (multihomed, as most edge networks that run BGP are).</summary>
    public const int DefaultProvidersPerStub = 2;

    /// <summary>Region → transit providers (tier-2) there: they buy from tier-1s and sell to the region's stubs.</summary>
    public IReadOnlyDictionary<string, int> TransitPerRegion { get; init; } = new Dictionary<string, int>();
    /// <summary>Region → stub ASes there (edge networks without users of their own in the model and without customers).</summary>
    public IReadOnlyDictionary<string, int> StubsPerRegion { get; init; } = new Dictionary<string, int>();
    public int ProvidersPerStub { get; init; } = DefaultProvidersPerStub;

    /// <summary>How many ASes <see cref="InternetGenerator.Ases"/> makes: known before any is made, for the limits.</summary>
    public int Count => Tier1 + RegionalPerRegion.Values.Sum() + IxpsPerRegion * RegionalPerRegion.Count + TransitPerRegion.Values.Sum() + StubsPerRegion.Values.Sum();
}

/// <summary>
/// The external Internet every generator shares: a generated list of ASes, and the structure between them (tier-1
/// full mesh, regional ISPs buying transit from tier-1s, exchange route servers with their region's regional ISPs).
/// </summary>
public static class InternetGenerator
{
    /// <summary>
    /// The ASes of a <see cref="InternetGenerateSpec"/>, numbered from its base in list order: the tier-1s
    /// (<c>tier1-1</c>, … in region <c>global</c>), then region by region (ordinal order) its regional ISPs
    /// (<c>&lt;region&gt;-isp1</c>, …) and its exchanges (<c>&lt;region&gt;-ix1</c>, …).
    /// </summary>
    public static List<ExternalAsInput> Ases(InternetGenerateSpec spec)
    {
        var ases = new List<ExternalAsInput>(spec.Count);
        var asn = spec.AsnBase;
        for (var i = 1; i <= spec.Tier1; i++) ases.Add(new ExternalAsInput(asn++, $"tier1-{i}", AsTier.Tier1, InternetGenerateSpec.Tier1Region));
        foreach (var region in spec.RegionalPerRegion.Keys.Order(StringComparer.Ordinal))
        {
            for (var i = 1; i <= spec.RegionalPerRegion[region]; i++) ases.Add(new ExternalAsInput(asn++, $"{region}-isp{i}", AsTier.Regional, region));
            for (var i = 1; i <= spec.IxpsPerRegion; i++) ases.Add(new ExternalAsInput(asn++, $"{region}-ix{i}", AsTier.Ixp, region));
        }
        // The deeper tiers after all of the above, so adding them never renumbers an Internet that had none.
        foreach (var region in spec.TransitPerRegion.Keys.Order(StringComparer.Ordinal))
            for (var i = 1; i <= spec.TransitPerRegion[region]; i++) ases.Add(new ExternalAsInput(asn++, $"{region}-transit{i}", AsTier.Transit, region));
        foreach (var region in spec.StubsPerRegion.Keys.Order(StringComparer.Ordinal))
            for (var i = 1; i <= spec.StubsPerRegion[region]; i++)
                ases.Add(new ExternalAsInput(asn++, $"{region}-stub{i}", AsTier.Stub, region) { Providers = spec.ProvidersPerStub });
        return ases;
    }

    /// <summary>
    /// The sessions between external ASes: tier-1s peer in a full mesh, regional ISP r buys transit from tier-1s
    /// r, r+1, … (mod their number; <paramref name="transitPerRegional"/> of them), every regional ISP of a region is
    /// a member of the region's exchanges. Transit providers and stubs, where generated, hang below
    /// (<see cref="AsHierarchy"/>).
    /// </summary>
    public static void AddAsLinks(TopologyLayout layout, IReadOnlyList<ExternalAsInput> ases, int transitPerRegional)
    {
        var tier1 = ases.Where(a => a.Tier == AsTier.Tier1).ToList();
        var regional = ases.Where(a => a.Tier == AsTier.Regional).ToList();
        var exchanges = ases.Where(a => a.Tier == AsTier.Ixp).ToList();
        var asLinks = layout.AsLinks;
        for (var i = 0; i < tier1.Count; i++)
            for (var j = i + 1; j < tier1.Count; j++)
                asLinks.Add(new LayoutAsLink(tier1[i].Asn, tier1[j].Asn, InterAsLatencyMs, AsLinkKind.Peer));
        for (var r = 0; r < regional.Count; r++)
            for (var k = 0; k < Math.Min(transitPerRegional, tier1.Count); k++)
                asLinks.Add(new LayoutAsLink(regional[r].Asn, tier1[(r + k) % tier1.Count].Asn, InterAsLatencyMs, AsLinkKind.CustomerOf));
        foreach (var ix in exchanges)
            foreach (var member in regional.Where(a => a.Region == ix.Region))
                asLinks.Add(new LayoutAsLink(member.Asn, ix.Asn, InterAsLatencyMs, AsLinkKind.RouteServer));
        AsHierarchy.AddLower(asLinks, ases, InterAsLatencyMs);
    }

    /// <summary>An upper bound of <see cref="AddAsLinks"/>'s sessions, from the list alone.</summary>
    public static long AsLinkCount(IReadOnlyList<ExternalAsInput> ases, int transitPerRegional)
    {
        long tier1 = ases.Count(a => a.Tier == AsTier.Tier1);
        var regional = ases.Where(a => a.Tier == AsTier.Regional).ToList();
        var regionalIn = regional.CountBy(a => a.Region).ToDictionary(x => x.Key, x => (long)x.Value);
        return tier1 * (tier1 - 1) / 2 + regional.Count * Math.Min(transitPerRegional, tier1)
               + ases.Where(a => a.Tier == AsTier.Ixp).Sum(x => regionalIn.GetValueOrDefault(x.Region))
               + AsHierarchy.LinkBound(ases);
    }

    /// <summary>A typical hand-off inside an IXP or private interconnect metro.</summary>
    public const double InterAsLatencyMs = 5;

    /// <summary>An operator router's session with an AS: both in the same building.</summary>
    public const double PeeringLatencyMs = 1;
}
