using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// Lays out an access/transit ISP from a <see cref="RegionalIspSpec"/>: core sites of backbone routers joined in a
/// ring (in the order listed) plus chords to the nearest core sites; the ISP's own data centers, access PoPs and
/// border PoPs each homed to their nearest core sites; DNS servers at the PoPs; transit and peering at the border
/// PoPs; the subscribers' stand-in AS peering with every access PoP; and the external Internet. The core routers
/// are the route reflectors. <see cref="NetworkAssembler"/> finishes it. Purely a function of its input.
/// </summary>
public static class RegionalIspGenerator
{
    /// <summary>Tags every generated site gets by layer (its region's name is added too, when it is a plain name).</summary>
    public const string CoreTag = "core", DataCenterTag = "datacenter", AccessTag = "access", BorderTag = "border";

    public static NetworkTopology Generate(RegionalIspSpec spec) => NetworkAssembler.Assemble(Layout(spec));

    /// <summary>
    /// The access PoPs generated around each core site (in core order): <paramref name="perCore"/> of them, named
    /// <c>&lt;core&gt;-a1</c>, … at bearings 0°, 360°/n, … (clockwise from north) and <paramref name="radiusKm"/>
    /// away, coordinates rounded to 4 decimals (about 10 m), in the core site's region.
    /// </summary>
    public static List<Site> AccessAround(IReadOnlyList<Site> core, int perCore, double radiusKm)
    {
        const double KmPerDegree = 111.32;
        var pops = new List<Site>(core.Count * perCore);
        foreach (var c in core)
            for (var i = 0; i < perCore; i++)
            {
                var bearing = 2 * Math.PI * i / perCore;
                var lat = Math.Clamp(c.Lat + radiusKm / KmPerDegree * Math.Cos(bearing), -90, 90);
                var lon = c.Lon + radiusKm / (KmPerDegree * Math.Max(0.01, Math.Cos(c.Lat * Math.PI / 180))) * Math.Sin(bearing);
                lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
                pops.Add(new Site($"{c.Name}-a{i + 1}", SiteKind.Pop, $"{c.City} area {i + 1}", Math.Round(lat, 4), Math.Round(lon, 4), c.Region));
            }
        return pops;
    }

    /// <summary>The pairs of core sites joined by links, by index: the ring in list order, then each site's chords in site order.</summary>
    public static List<(int A, int B)> CorePairs(IReadOnlyList<Site> core, int chords)
    {
        var pairs = new List<(int, int)>();
        var seen = new HashSet<(int, int)>();
        void Add(int i, int j)
        {
            var p = (Math.Min(i, j), Math.Max(i, j));
            if (i != j && seen.Add(p)) pairs.Add(p);
        }
        if (core.Count == 2) Add(0, 1);
        else if (core.Count > 2) for (var i = 0; i < core.Count; i++) Add(i, (i + 1) % core.Count);
        var list = core.ToList();
        for (var i = 0; i < core.Count; i++)
            foreach (var j in HyperscalerGenerator.Nearest(list, core[i], chords, exclude: i)) Add(i, j);
        return pairs;
    }

    public static TopologyLayout Layout(RegionalIspSpec spec)
    {
        var core = spec.Core.Select(s => Tagged(s, CoreTag)).ToList();
        var dcs = spec.DataCenters.Select(s => Tagged(s, DataCenterTag)).ToList();
        var access = spec.AccessPops.Select(s => Tagged(s, AccessTag)).ToList();
        var borders = spec.Borders.Select(s => Tagged(s, BorderTag)).ToList();
        var coreRouters = core.ToDictionary(c => c.Name, c => Enumerable.Range(1, spec.CorePerSite).Select(i => $"{c.Name}-cr{i}").ToList(), StringComparer.Ordinal);
        var layout = new TopologyLayout
        {
            OperatorName = spec.OperatorName, OperatorAsn = spec.OperatorAsn, StaticPrefixes = spec.StaticPrefixes, DnsPrefixes = spec.DnsPrefixes.ToArray(),
            Bgp = spec.Bgp, DcPowerMw = spec.DcPowerMw, DefaultDcPowerMw = spec.DefaultDcPowerMw, DcPhysics = spec.DcPhysics, DcRegionPower = spec.DcRegionPower, Population = spec.Population,
            RouteReflectors = core.SelectMany(c => coreRouters[c.Name]).ToList(),
        };
        layout.Sites.AddRange(core.Concat(dcs).Concat(access).Concat(borders));

        void AddLink(string a, string b, string kind, double latencyMs, double capacityGbps)
            => layout.Links.Add(new LayoutLink(a, b, kind, latencyMs, capacityGbps, TopologyLayout.MetricFor(latencyMs)));
        List<string> AddRouters(Site site, RouterRole role, string prefix, int count)
        {
            var names = Enumerable.Range(1, count).Select(i => $"{site.Name}-{prefix}{i}").ToList();
            layout.Routers.AddRange(names.Select(n => new LayoutRouter(n, role, site.Name)));
            HyperscalerGenerator.Ring(names, (a, b) => AddLink(a, b, LinkKinds.Metro, 0.1, spec.CoreCapacityGbps));
            return names;
        }
        // Router j of a homed site goes to router (j mod n) of each of its nearest core sites, nearest first.
        void Home(Site site, List<string> routers)
        {
            foreach (var (router, j) in routers.Select((x, j) => (x, j)))
                foreach (var c in HyperscalerGenerator.Nearest(core, site, spec.Uplinks, exclude: -1))
                {
                    var cr = coreRouters[core[c].Name];
                    AddLink(router, cr[j % cr.Count], LinkKinds.Backbone, GeoMath.FibreLatencyMs(site, core[c]), spec.AccessCapacityGbps);
                }
        }

        foreach (var c in core) AddRouters(c, RouterRole.Backbone, "cr", spec.CorePerSite);
        foreach (var (a, b) in CorePairs(core, spec.Chords))
        {
            var ra = coreRouters[core[a].Name]; var rb = coreRouters[core[b].Name];
            for (var p = 0; p < spec.ParallelLinks; p++)
                AddLink(ra[p % ra.Count], rb[p % rb.Count], LinkKinds.Backbone, GeoMath.FibreLatencyMs(core[a], core[b]), spec.CoreCapacityGbps);
        }
        foreach (var dc in dcs) Home(dc, AddRouters(dc, RouterRole.DataCenterBorder, "dr", spec.BorderPerDataCenter));
        var edgeBySite = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pop in access) Home(pop, edgeBySite[pop.Name] = AddRouters(pop, RouterRole.Edge, "er", spec.EdgePerPop));
        foreach (var pop in borders) Home(pop, edgeBySite[pop.Name] = AddRouters(pop, RouterRole.Edge, "br", spec.EdgePerBorder));

        // Authoritative DNS servers at every access and border PoP, as in the hyperscaler.
        foreach (var pop in access.Concat(borders))
        {
            var er = edgeBySite[pop.Name];
            for (var i = 0; i < spec.DnsPerPop; i++)
                layout.DnsServers.Add(new LayoutDnsServer($"{pop.Name}-dns{i + 1}", pop.Name, er[i % er.Count], er, spec.DnsPrefixes, spec.DnsWithdrawWhenUnhealthy));
        }

        // The Internet, then the subscribers' stand-in ASes: access ASes like any other, so each gets the users of its
        // region, served by the front-ends of the access PoPs it peers with (its region's).
        layout.ExternalAses.AddRange(spec.ExternalAses);
        InternetGenerator.AddAsLinks(layout, spec.ExternalAses, spec.TransitPerRegional);
        foreach (var subscribers in spec.SubscriberAses())
        {
            layout.ExternalAses.Add(subscribers);
            foreach (var pop in access.Where(p => p.Region == subscribers.Region))
                layout.Peerings.Add(new LayoutPeering(subscribers.Asn, edgeBySite[pop.Name][0], InternetGenerator.PeeringLatencyMs, AsLinkKind.Peer));
        }

        // Border PoP b: regional peers of its region and its region's exchanges on its routers in turn, transit from
        // tier-1s b, b+1, … (mod their number) on its routers in turn.
        var tier1 = spec.ExternalAses.Where(a => a.Tier == AsTier.Tier1).ToList();
        var regional = spec.ExternalAses.Where(a => a.Tier == AsTier.Regional).ToList();
        var exchanges = spec.ExternalAses.Where(a => a.Tier == AsTier.Ixp).ToList();
        var transitKind = spec.OperatorBuysTransit ? AsLinkKind.CustomerOf : AsLinkKind.Peer;
        for (var b = 0; b < borders.Count; b++)
        {
            var br = edgeBySite[borders[b].Name];
            var local = regional.Where(a => a.Region == borders[b].Region).ToList();
            for (var k = 0; k < Math.Min(spec.PeersPerBorder, local.Count); k++)
                layout.Peerings.Add(new LayoutPeering(local[(b + k) % local.Count].Asn, br[k % br.Count], InternetGenerator.PeeringLatencyMs, AsLinkKind.Peer));
            var localExchanges = exchanges.Where(a => a.Region == borders[b].Region).ToList();
            for (var k = 0; k < localExchanges.Count; k++)
                layout.Peerings.Add(new LayoutPeering(localExchanges[k].Asn, br[k % br.Count], InternetGenerator.PeeringLatencyMs, AsLinkKind.RouteServer));
            for (var k = 0; k < Math.Min(spec.TransitPerBorder, tier1.Count); k++)
                layout.Peerings.Add(new LayoutPeering(tier1[(b + k) % tier1.Count].Asn, br[k % br.Count], InternetGenerator.PeeringLatencyMs, transitKind));
        }
        return layout;
    }

    /// <summary>The site with its layer's tag and its region's first, then the user's own tags (each once).</summary>
    private static Site Tagged(Site site, string layer)
        => site with { Tags = new[] { layer }.Concat(PlainNames.IsPlain(site.Region) ? [site.Region] : []).Concat(site.Tags).Distinct(StringComparer.Ordinal).ToList() };
}
