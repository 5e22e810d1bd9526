using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// A generated topology's external ASes: <c>internet.ases</c> (listed by hand), <c>internet.generate</c>
/// (<see cref="InternetGenerator"/>), or both: the listed ones first, then the generated ones, whose AS numbers must
/// not meet a listed one or the operator's.
/// </summary>
public static class InternetReader
{
    public static readonly string[] GenerateKeys = ["tier1", "regional_per_region", "ixps_per_region", "asn_base", "transit_per_region", "stubs_per_region", "providers_per_stub"];

    /// <summary>The ASes, listed then generated. Checks the generated count against <see cref="TopologyLoader.MaxAses"/> before making any.</summary>
    public static List<ExternalAsInput> Ases(YamlReader.Map net, long operatorAsn)
    {
        var r = net.Reader;
        var (listed, at) = TopologyParts.Ases(net, "ases", operatorAsn);
        if (net.SubMap("generate", false, GenerateKeys) is not { } gen) return listed;
        var tier1 = (int)(gen.Integer("tier1", 0, TopologyLoader.MaxAses) ?? 0);
        var ixps = (int)(gen.Integer("ixps_per_region", 0, 16) ?? 0);
        var asnBase = gen.Integer("asn_base", 1, 4_294_967_295) ?? InternetGenerateSpec.DefaultAsnBase;
        var providers = (int)(gen.Integer("providers_per_stub", 1, 8) ?? InternetGenerateSpec.DefaultProvidersPerStub);
        var spec = new InternetGenerateSpec(tier1, PerRegion(gen, "regional_per_region"), ixps, asnBase)
        {
            TransitPerRegion = PerRegion(gen, "transit_per_region"), StubsPerRegion = PerRegion(gen, "stubs_per_region"), ProvidersPerStub = providers,
        };
        if (listed.Count + (long)spec.Count > TopologyLoader.MaxAses)
        {
            r.Error(gen.Node, $"the generated Internet would have {spec.Count:N0} ASes" + (listed.Count > 0 ? $" besides the {listed.Count} listed" : "") +
                              $"; the limit is {TopologyLoader.MaxAses:N0}");
            return listed;
        }
        if (spec.Count == 0) { r.Error(gen.Node, "'generate' makes no AS: give 'tier1', 'regional_per_region', 'transit_per_region' or 'stubs_per_region' a count"); return listed; }
        var last = asnBase + spec.Count - 1;
        var where = gen.Get("asn_base") ?? gen.Node;
        if (last > 4_294_967_295) { r.Error(where, $"the {spec.Count:N0} generated ASes would be numbered {asnBase} to {last}, beyond the largest AS number (4294967295)"); return listed; }
        // The first clash, in AS-number order, is enough to move the base.
        var clash = new[] { operatorAsn }.Concat(at.Keys).Where(a => a >= asnBase && a <= last).Order().Cast<long?>().FirstOrDefault();
        if (clash is { } c)
        {
            r.Error(where, $"the generated ASes are numbered {asnBase} to {last}, which includes AS {c}, " +
                           (c == operatorAsn ? "the operator's own" : $"listed at {r.At(at[c])}") +
                           $"; choose an asn_base outside it (for example {Math.Max(operatorAsn, at.Keys.DefaultIfEmpty(0).Max()) + 1})");
            // Still the generated ones: the users of their regions are no error of their own.
        }
        return [.. listed, .. InternetGenerator.Ases(spec)];
    }

    /// <summary>A region → count mapping of <c>generate</c> (<c>regional_per_region</c> and the like).</summary>
    private static Dictionary<string, int> PerRegion(YamlReader.Map gen, string key)
    {
        var r = gen.Reader;
        var perRegion = new Dictionary<string, int>(StringComparer.Ordinal);
        if (gen.Get(key) is not { } node || r.AsMap(node, $"'{key}'", KeysOf(node)) is not { } map) return perRegion;
        foreach (var (name, region) in map.Node.Children.Keys.Select(k => (k, (k as YamlScalarNode)?.Value ?? "")))
        {
            if (!TopologyLoader.IsPlainName(region)) { r.Error(name, $"region '{region}' may use only letters, digits, '-' and '_'"); continue; }
            if (map.Integer(region, 0, TopologyLoader.MaxAses) is { } n) perRegion[region] = (int)n;
        }
        return perRegion;
    }

    private static string[] KeysOf(YamlNode node)
        => node is YamlMappingNode m ? m.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? "").ToArray() : [];
}
