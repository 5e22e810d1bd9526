using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>A topology's <c>services:</c>, <c>resolvers:</c> and <c>users:</c>, the same in every topology format.</summary>
public static class PopulationReader
{
    /// <summary>What a population names in the network, to check once the network is read: each service's
    /// <c>datacenters:</c> entries, and the operator-run public resolvers with their sites and prefixes.</summary>
    public sealed record References(List<(YamlNode Node, string Name)> ServiceHosts, List<OperatorResolverReader.Written> OperatorResolvers);

    /// <summary>services:, resolvers: and users: — who uses the network, through which resolvers, for what.</summary>
    /// <returns>What it names in the network, to check once that is read.</returns>
    /// <param name="staticPrefixes">The operator's own prefixes (<c>operator.prefixes</c>): the first is the front-ends'
    /// prefix users follow with <c>frontend_catchment: bgp</c>.</param>
    public static References Read(YamlReader r, YamlReader.Map map, PopulationSpec spec, IReadOnlyList<ExternalAsInput> externalAses,
        IReadOnlyList<string> dnsPrefixes, IReadOnlyList<string> staticPrefixes)
    {
        // Where users enter the operator's network: at the PoPs their ISP peers with (peering, the default), or where their
        // AS's best BGP route to the front-ends' prefix leads (bgp), which needs a prefix to follow.
        if (map.Choice("frontend_catchment", ["peering", "bgp"]) == "bgp")
        {
            if (staticPrefixes.Count == 0)
                r.Error(map.Get("frontend_catchment")!, "'frontend_catchment: bgp' follows the routes to the front-ends' prefix: list it under operator.prefixes");
            else spec.FrontEndCatchmentByBgp = true;
        }
        // Where the front-ends' addresses are: a more-specific inside one of the operator's prefixes, so that another
        // network's more-specific (a hijack) can cover them while the operator announces only its aggregate.
        if (map.Get("frontend_prefix") is { } fp && r.AsString(fp, "'frontend_prefix'") is { } text)
        {
            if (!spec.FrontEndCatchmentByBgp) r.Error(fp, "'frontend_prefix' is where users' traffic goes with 'frontend_catchment: bgp'; set that too");
            else if (!Model.DataPlane.Prefix.TryParse(text, out var prefix, out var error)) r.Error(fp, $"'frontend_prefix': {error}");
            else if (!staticPrefixes.Any(s => Model.DataPlane.Prefix.TryParse(s, out var own, out _) && own.Contains(prefix)))
                r.Error(fp, $"'frontend_prefix' {prefix} is inside none of operator.prefixes ({string.Join(", ", staticPrefixes)}): the operator's announcements must cover its front-ends");
            else spec.FrontEndPrefix = prefix.ToString();
        }
        var serviceNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var dependencies = new List<(YamlNode Node, string Name)>();
        var hostNodes = new List<(YamlNode Node, string Name)>();
        foreach (var n in map.Sequence("services") ?? [])
        {
            if (r.AsMap(n, "a service", "name", "ttl", "ns_ttl", "nameservers", "users_share", "third_party", "depends_on", "datacenters", "substitutes",
                    "return_per_hour", "headroom", "failover", "placement") is not { } s) continue;
            var name = s.String("name", true);
            var ttl = s.Duration("ttl", 1_000, 7L * 24 * 3600 * 1000) ?? 300_000;
            var nsTtl = s.Duration("ns_ttl", 1_000, 7L * 24 * 3600 * 1000) ?? ServiceSpec.DefaultNsTtlMs;
            var nameservers = DnsEditReader.Nameservers(r, s, dnsPrefixes) ?? [];
            var share = s.Number("users_share", 0, 1) ?? 1;
            var thirdParty = s.Choice("third_party", ["true", "false"]) == "true";
            var deps = new List<string>();
            foreach (var d in s.Sequence("depends_on") ?? [])
                if (r.AsString(d, "a dependency") is { } dep) { deps.Add(dep); dependencies.Add((d, dep)); }
            if (deps.Count > 0 && !thirdParty) r.Error(s.Get("depends_on")!, "'depends_on' is for third-party services (third_party: true)");
            if (name is null) continue;
            if (!serviceNodes.TryAdd(name, n)) { r.Error(s.Get("name")!, $"service '{name}' is listed twice"); continue; }
            var hosts = new List<string>();
            foreach (var d in s.Sequence("datacenters") ?? [])
                if (r.AsString(d, "a data center") is { } dc) { hosts.Add(dc); hostNodes.Add((d, dc)); }
            if (hosts.Count > 0 && thirdParty) r.Error(s.Get("datacenters")!, "a third-party service runs elsewhere; 'datacenters' is for the operator's services");
            foreach (var key in new[] { "nameservers", "ns_ttl" }.Where(k => thirdParty && s.Has(k)))
                r.Error(s.Get(key)!, $"a third-party service has no DNS of its own; '{key}' is for the operator's services");
            var substitutes = new List<SubstituteSpec>();
            foreach (var sub in s.Sequence("substitutes") ?? [])
            {
                if (r.AsMap(sub, "a substitute", "service", "shift_per_hour") is not { } sm) continue;
                var to = sm.String("service", true);
                var rate = sm.Number("shift_per_hour", 0, 100, required: true);
                if (to is null || rate is null) continue;
                if (to == name) { r.Error(sm.Get("service")!, $"service '{name}' cannot be its own substitute"); continue; }
                substitutes.Add(new SubstituteSpec(to, rate.Value));
                dependencies.Add((sm.Get("service")!, to));
            }
            var failover = s.Choice("failover", ["headroom", "weighted", "pinned"]);
            if (failover is not null && thirdParty) r.Error(s.Get("failover")!, "a third-party service runs elsewhere; 'failover' is for the operator's services");
            var placement = s.Choice("placement", ["nearest", "region", "global"]);
            if (placement is not null && thirdParty) r.Error(s.Get("placement")!, "a third-party service runs elsewhere; 'placement' is for the operator's services");
            var headroom = s.Number("headroom", 0, 1_000);
            if (headroom is not null && !thirdParty) r.Error(s.Get("headroom")!, "'headroom' is for third-party services (third_party: true): the operator's own capacity is its data centers'");
            spec.Services.Add(new ServiceSpec(name, ttl, share, thirdParty, deps)
            {
                DataCenters = hosts, Substitutes = substitutes, ReturnPerHour = s.Number("return_per_hour", 0, 100) ?? 0.5, Headroom = headroom,
                Nameservers = nameservers, NsTtlMs = nsTtl,
                Failover = failover switch { "weighted" => FailoverPolicy.Weighted, "pinned" => FailoverPolicy.Pinned, _ => FailoverPolicy.Headroom },
                Placement = placement switch { "region" => Placement.Region, "global" => Placement.Global, _ => Placement.Nearest },
            });
        }
        foreach (var (node, dep) in dependencies)
            if (!serviceNodes.ContainsKey(dep)) r.Error(node, $"no service named '{dep}'{Suggestions.DidYouMean(dep, serviceNodes.Keys)}");
        // Dependencies are evaluated in list order: each must come before the services that depend on it, which
        // also rules out cycles.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in spec.Services)
        {
            foreach (var d in s.DependsOn.Where(d => serviceNodes.ContainsKey(d) && !seen.Contains(d)))
                r.Error(serviceNodes[s.Name], $"service '{s.Name}' depends on '{d}', which must be listed before it (dependencies cannot form a cycle)");
            seen.Add(s.Name);
        }

        var operatorResolvers = new List<OperatorResolverReader.Written>();
        if (map.SubMap("resolvers", false, ["isp_serve_stale", "isp_instances", "public", .. ResolverSettingsReader.Keys.Select(k => "isp_" + k)]) is { } res)
        {
            spec.IspServeStale = res.Choice("isp_serve_stale", ["true", "false"]) == "true";
            spec.IspResolverInstances = (int)(res.Integer("isp_instances", 1, 100_000) ?? spec.IspResolverInstances);
            spec.IspSettings = ResolverSettingsReader.Read(res, "isp_");
            var publicList = res.Sequence("public") ?? [];
            // Every user cohort splits its queries over all public resolvers: their number multiplies.
            if (publicList.Count > TopologyLoader.MaxPublicResolvers) { r.Error(res.Get("public")!, $"{publicList.Count} public resolvers; the limit is {TopologyLoader.MaxPublicResolvers}"); publicList = []; }
            var asns = externalAses.Select(a => a.Asn).ToHashSet();
            foreach (var n in publicList)
            {
                if (r.AsMap(n, "a public resolver", ["name", "asn", "operator", "prefix", "sites", "share", "serve_stale", "instances", .. ResolverSettingsReader.Keys]) is not { } p) continue;
                var name = p.String("name", true);
                var settings = ResolverSettingsReader.Read(p);
                // A resolver the operator runs (operator: true) is reached at an anycast prefix of the operator's own.
                if (p.Choice("operator", ["true", "false"]) == "true")
                {
                    var operatorShare = p.Number("share", 0, 1, true);
                    var operatorStale = p.Choice("serve_stale", ["true", "false"]) == "true";
                    var operatorInstances = (int)(p.Integer("instances", 1, 100_000) ?? 100);
                    if (name is not null && !TopologyLoader.IsPlainName(name)) { r.Error(p.Get("name")!, $"resolver name '{name}' may use only letters, digits, '-' and '_'"); continue; }
                    if (OperatorResolverReader.Read(r, p, name ?? "", dnsPrefixes) is not { } written || name is null || operatorShare is null) continue;
                    operatorResolvers.Add(written);
                    spec.PublicResolvers.Add(new PublicResolverInput(name, 0, operatorShare.Value, operatorStale, operatorInstances)
                        { OperatorPrefix = written.Prefix, Sites = written.Sites.Select(x => x.Site).ToList(), Settings = settings });
                    continue;
                }
                OperatorResolverReader.RefuseOperatorKeys(r, p);
                var asn = p.Integer("asn", 1, 4_294_967_295, true);
                var share = p.Number("share", 0, 1, true);
                var stale = p.Choice("serve_stale", ["true", "false"]) == "true";
                var instances = (int)(p.Integer("instances", 1, 100_000) ?? 100);
                if (name is not null && !TopologyLoader.IsPlainName(name)) { r.Error(p.Get("name")!, $"resolver name '{name}' may use only letters, digits, '-' and '_'"); continue; }
                if (asn is { } a && !asns.Contains(a)) { r.Error(p.Get("asn")!, $"AS {a} hosts this resolver but is not listed under internet.ases"); continue; }
                if (name is not null && asn is not null && share is not null) spec.PublicResolvers.Add(new PublicResolverInput(name, asn.Value, share.Value, stale, instances) { Settings = settings });
            }
            if (spec.PublicResolvers.Sum(p => p.Share) > 1) r.Error(res.Get("public")!, "the public resolvers' shares add up to more than 1");
        }

        // users: region -> count; regions are whatever the topology's ASes use.
        if (map.Get("users") is { } usersNode)
        {
            var regions = externalAses.Select(a => a.Region).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();
            if (r.AsMap(usersNode, "'users'", regions) is { } users)
                foreach (var region in regions)
                    if (users.Integer(region, 0, 10_000_000_000) is { } count) spec.UsersPerRegion[region] = count;
        }
        var publicAsns = spec.PublicResolvers.Select(p => p.Asn).ToHashSet();
        var accessRegions = externalAses.Where(a => a.Tier == AsTier.Regional && !publicAsns.Contains(a.Asn)).Select(a => a.Region).ToHashSet(StringComparer.Ordinal);
        foreach (var region in spec.UsersPerRegion.Keys)
            if (!accessRegions.Contains(region) && spec.UsersPerRegion[region] > 0)
                r.Error(map.Get("users")!, $"region '{region}' has users but no access ISP (a regional AS) to serve them");
        return new References(hostNodes, operatorResolvers);
    }

}
