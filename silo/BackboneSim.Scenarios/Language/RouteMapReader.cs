using System.Globalization;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads a route map (docs/scenario-format.md, "Route maps"): a list of terms, or <c>{ terms, default }</c>. Each term
/// is <c>{ seq, action, match, set }</c>; every value is checked here and named with its file and line, so the
/// <see cref="RouteMapSpec"/> it returns always builds. <c>none</c> (where a caller allows it) removes a map.
/// </summary>
public static class RouteMapReader
{
    public static readonly string[] TermKeys = ["seq", "action", "match", "set"];
    public static readonly string[] MatchKeys = ["prefixes", "as_path", "origin_as", "community", "learned_from"];
    public static readonly string[] SetKeys = ["local_pref", "community_add", "community_remove", "prepend"];
    public static readonly string[] LearnedFrom = ["own", "customer", "peer", "provider"];
    public const int MaxTerms = 1_000;

    /// <summary>The map at <paramref name="key"/>, null after an error; <paramref name="none"/> is true for <c>none</c>.</summary>
    public static RouteMapSpec? Read(YamlReader r, YamlReader.Map map, string key, out bool none)
    {
        none = false;
        if (map.Get(key) is not { } node) return null;
        if (node is YamlScalarNode { Value: "none" }) { none = true; return null; }
        var errors = r.Errors.Errors.Count;
        IReadOnlyList<YamlNode>? terms;
        var defaultPermit = false;
        if (node is YamlMappingNode)
        {
            if (map.SubMap(key, true, "terms", "default") is not { } m) return null;
            terms = m.Sequence("terms", required: true);
            defaultPermit = m.Choice("default", ["deny", "permit"]) == "permit";
        }
        else terms = r.AsSequence(node, $"'{key}' (a route map: a list of terms, {{ terms, default }} or none)");
        if (terms is null) return null;
        if (terms.Count > MaxTerms) { r.Error(node, $"'{key}' has {terms.Count:N0} terms; at most {MaxTerms:N0}"); return null; }
        var read = new List<RouteMapTermSpec>();
        var seqs = new HashSet<int>();
        foreach (var t in terms)
            if (Term(r, t) is { } term)
            {
                if (!seqs.Add(term.Seq)) r.Error(t, $"two terms have seq {term.Seq}; each term's number is its place in the map");
                else read.Add(term);
            }
        return r.Errors.Errors.Count > errors ? null : new RouteMapSpec { Terms = read.OrderBy(x => x.Seq).ToArray(), DefaultPermit = defaultPermit };
    }

    private static RouteMapTermSpec? Term(YamlReader r, YamlNode node)
    {
        if (r.AsMap(node, "a route-map term", TermKeys) is not { } t) return null;
        var errors = r.Errors.Errors.Count;
        var seq = t.Integer("seq", 1, 65_535, required: true);
        var action = t.Choice("action", ["permit", "deny"], required: true);
        string[]? prefixes = null, communities = null, learned = null;
        string? asPath = null;
        long? origin = null;
        if (t.SubMap("match", false, MatchKeys) is { } m)
        {
            prefixes = Strings(r, m, "prefixes", text => RouteMapTermSpec.ParseLine(text, out var e) is null ? e : null);
            if (m.String("as_path") is { } regex)
            {
                if (AsPathRegex.TryParse(regex, out var why) is null) r.Error(m.Get("as_path")!, why);
                else asPath = regex;
            }
            origin = m.Integer("origin_as", 1, 4_294_967_295);
            communities = Communities(r, m, "community");
            learned = Strings(r, m, "learned_from", text => LearnedFrom.Contains(text) ? null
                : $"'{text}' is not how a route is learned; expected one of {string.Join(", ", LearnedFrom)}{Suggestions.DidYouMean(text, LearnedFrom)}");
        }
        int? localPref = null;
        string[]? add = null, remove = null;
        var prepend = 0;
        if (t.SubMap("set", false, SetKeys) is { } s)
        {
            if (action == "deny") r.Error(s.Node, "a deny term sets nothing: the route it matches is dropped");
            localPref = (int?)s.Integer("local_pref", 1, int.MaxValue - 1);
            add = Communities(r, s, "community_add");
            remove = Communities(r, s, "community_remove");
            prepend = (int)(s.Integer("prepend", 0, 16) ?? 0);
        }
        if (r.Errors.Errors.Count > errors || seq is null || action is null) return null;
        return new RouteMapTermSpec
        {
            Seq = (int)seq, Permit = action == "permit", Prefixes = prefixes, AsPath = asPath, OriginAs = origin, Communities = communities,
            LearnedFrom = learned, SetLocalPref = localPref, AddCommunities = add ?? [], RemoveCommunities = remove ?? [], Prepend = prepend,
        };
    }

    private static string[]? Communities(YamlReader r, YamlReader.Map m, string key)
    {
        var list = Strings(r, m, key, text => Model.Nodes.Communities.Parse(text, out var e) is null ? e : null);
        return list?.Select(c => Model.Nodes.Communities.Parse(c, out _)!).ToArray();
    }

    /// <summary>A non-empty list of values, each checked by <paramref name="error"/> (null: fine).</summary>
    private static string[]? Strings(YamlReader r, YamlReader.Map m, string key, Func<string, string?> error)
    {
        if (!m.Has(key)) return null;
        var nodes = m.Sequence(key);
        if (nodes is null) return null;
        if (nodes.Count == 0) { r.Error(m.Get(key)!, $"'{key}' lists nothing; leave it out to match every route"); return null; }
        var values = new List<string>();
        foreach (var n in nodes)
            if (r.AsString(n, $"an entry of '{key}'") is { } text)
            {
                if (error(text) is { } why) r.Error(n, why);
                else values.Add(text);
            }
        return values.ToArray();
    }
}
