using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>Sections every topology format writes the same way: the operator, prefix lists, external ASes and tags.</summary>
public static class TopologyParts
{
    /// <summary><c>operator: { name, asn, prefixes }</c> (required).</summary>
    public static (string Name, long Asn, List<string> Prefixes) Operator(YamlReader.Map map)
    {
        var prefixes = new List<string>();
        if (map.SubMap("operator", true, "name", "asn", "prefixes") is not { } op) return ("Operator", 64500, prefixes);
        Prefixes(op, "prefixes", prefixes, "157.240.0.0/16");
        return (op.String("name", true) ?? "Operator", op.Integer("asn", 1, 4_294_967_295, true) ?? 64500, prefixes);
    }

    /// <summary>A list of unique CIDR prefixes under <paramref name="key"/>, added to <paramref name="into"/>.</summary>
    public static void Prefixes(YamlReader.Map map, string key, List<string> into, string example)
    {
        var r = map.Reader;
        foreach (var p in map.Sequence(key) ?? [])
            if (r.AsString(p, "a prefix") is { } text)
            {
                if (!System.Net.IPNetwork.TryParse(text, out _)) r.Error(p, $"'{text}' is not a prefix like {example}");
                else if (into.Contains(text)) r.Error(p, $"prefix {text} is listed twice");
                else into.Add(text);
            }
    }

    /// <summary><c>ases:</c> entries <c>{ asn, name, tier, region }</c>: unique, not the operator's, at most <see cref="TopologyLoader.MaxAses"/>.</summary>
    /// <returns>The ASes read, and where each AS number was written.</returns>
    public static (List<ExternalAsInput> Ases, Dictionary<long, YamlNode> At) Ases(YamlReader.Map map, string key, long operatorAsn)
    {
        var r = map.Reader;
        var result = new List<ExternalAsInput>();
        var at = new Dictionary<long, YamlNode>();
        var originOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var ases = map.Sequence(key) ?? [];
        if (ases.Count > TopologyLoader.MaxAses) { r.Error(map.Get(key)!, $"{ases.Count} ASes; the limit is {TopologyLoader.MaxAses}"); return (result, at); }
        foreach (var a in ases)
        {
            if (r.AsMap(a, "an AS", "asn", "name", "tier", "region", "prefixes") is not { } am) continue;
            var asn = am.Integer("asn", 1, 4_294_967_295, true);
            var tier = am.Choice("tier", ["tier1", "regional", "ixp", "transit", "stub"], true);
            var region = am.String("region", true);
            if (asn is { } n && !at.TryAdd(n, a)) r.Error(a, $"AS {n} is listed twice");
            if (asn == operatorAsn) r.Error(a, $"AS {asn} is the operator's own AS");
            if (asn is { } ok && tier is not null && region is not null)
                result.Add(new ExternalAsInput(ok, am.String("name") ?? $"AS{ok}", tier switch { "tier1" => AsTier.Tier1, "ixp" => AsTier.Ixp, "transit" => AsTier.Transit, "stub" => AsTier.Stub, _ => AsTier.Regional }, region)
                    { Prefixes = AsPrefixes(am, ok, originOf), Providers = tier == "stub" ? InternetGenerateSpec.DefaultProvidersPerStub : 0 });
        }
        return (result, at);
    }

    /// <summary>An AS's <c>prefixes: [..]</c>, the Internet aggregates it originates: canonical CIDR prefixes, each
    /// originated by one AS only (a prefix two ASes originate is a hijack, which a scenario plays on the timeline).</summary>
    private static List<string> AsPrefixes(YamlReader.Map am, long asn, Dictionary<string, long> originOf)
    {
        var r = am.Reader;
        var prefixes = new List<string>();
        foreach (var p in am.Sequence("prefixes") ?? [])
        {
            if (r.AsString(p, "a prefix") is not { } text) continue;
            if (!Prefix.TryParse(text, out var prefix, out var error)) { r.Error(p, $"AS {asn}'s prefixes: {error}"); continue; }
            var canonical = prefix.ToString();
            if (originOf.TryGetValue(canonical, out var other))
                r.Error(p, other == asn ? $"prefix {canonical} is listed twice" : $"prefix {canonical} is already originated by AS {other}; an AS's aggregates are its own");
            else { originOf[canonical] = asn; prefixes.Add(canonical); }
        }
        return prefixes;
    }

    /// <summary><c>tags: [..]</c>: plain names, each once, in the order written.</summary>
    public static List<string> Tags(YamlReader.Map map)
    {
        var r = map.Reader;
        var tags = new List<string>();
        foreach (var t in map.Sequence("tags") ?? [])
            if (r.AsString(t, "a tag") is { } tag)
            {
                if (!TopologyLoader.IsPlainName(tag)) r.Error(t, $"tag '{tag}' may use only letters, digits, '-' and '_'");
                else if (tags.Contains(tag)) r.Error(t, $"tag '{tag}' is listed twice");
                else tags.Add(tag);
            }
        return tags;
    }

    /// <summary>One site's <c>{ name, city, lat, lon, region, tags }</c>; null when a required key is missing or wrong.</summary>
    public static Site? Site(YamlReader.Map s, SiteKind kind, Dictionary<string, YamlNode> names)
    {
        var r = s.Reader;
        var name = s.String("name", true);
        var lat = s.Number("lat", -90, 90, true);
        var lon = s.Number("lon", -180, 180, true);
        var region = s.String("region", true);
        var tags = Tags(s);
        if (name is null || lat is null || lon is null || region is null) return null;
        if (!TopologyLoader.IsPlainName(name)) { r.Error(s.Get("name")!, $"site name '{name}' may use only letters, digits, '-' and '_'"); return null; }
        if (names.TryGetValue(name, out var first)) { r.Error(s.Get("name")!, $"site '{name}' is already defined at {r.At(first)}"); return null; }
        names[name] = s.Node;
        return new Site(name, kind, s.String("city") ?? name, lat.Value, lon.Value, region) { Tags = tags };
    }
}
