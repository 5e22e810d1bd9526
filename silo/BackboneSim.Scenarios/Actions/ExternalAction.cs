using System.Globalization;
using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// <c>external:</c> — an external network acts on the timeline, in one of three forms:
/// <list type="bullet">
/// <item><c>session: shutdown | reset | restore</c> on one of its BGP sessions: <c>shutdown</c> (a Cease NOTIFICATION;
/// down until <c>restore</c>: a de-peering), <c>reset</c> (closed and opened again at once, so both ends send everything
/// anew) or <c>restore</c>. <c>with:</c> names the peer: an operator edge router the AS has a session with, or a
/// neighbouring AS by number; without it, every session of the AS with the operator.</item>
/// <item><c>announce: { prefixes, path, to }</c>: the AS announces prefixes as its own (a hijack when they are someone
/// else's, or more-specifics of them), claiming <c>path</c> after its own ASN (a leak passes on a path it learned), to
/// every neighbour or only to the neighbouring ASes in <c>to</c>.</item>
/// <item><c>withdraw: [prefixes]</c>: it withdraws what it announced (or an aggregate it originates).</item>
/// <item><c>max_prefix: N | none</c>: it sets the max-prefix limit on its session with the operator router <c>with</c>
/// names (or on all of them), checked at once against what the router sends.</item>
/// </list>
/// </summary>
public sealed record ExternalAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets, string Description,
    int AsNode, object Command)
    : TimelineAction(Index, Name, AtMs, Location, Targets, Description), IActionKind<ExternalAction>
{
    public static string YamlKey => "external";
    public override string Key => YamlKey;

    /// <summary>What a session can be told, in the order errors list them.</summary>
    public static readonly string[] Commands = ["shutdown", "reset", "restore"];

    /// <summary>The most prefixes one announcement may carry (a leak of a whole table is a count, not a list).</summary>
    public const int MaxPrefixes = 10_000;

    private static string Text(long asn) => asn.ToString(CultureInfo.InvariantCulture);

    public static ExternalAction? Read(ActionSite site)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (site.Map.SubMap("external", true, "as", "with", "session", "announce", "withdraw", "import", "export", "max_prefix") is not { } external) return null;
        var asn = external.Integer("as", 1, 4_294_967_295, required: true);
        var forms = new[] { "session", "announce", "withdraw", "policy", "max_prefix" }.Where(f => f == "policy" ? external.Has("import") || external.Has("export") : external.Has(f)).ToList();
        if (forms.Count != 1)
        {
            r.Error(external.Node, forms.Count == 0
                ? "an external action needs one of 'session', 'announce', 'withdraw', 'max_prefix', or a policy ('import', 'export')"
                : $"an external action does one thing: {string.Join(" and ", forms.Select(f => f == "policy" ? "a policy" : $"'{f}'"))} cannot go together");
            return null;
        }
        if (asn is null) return null;
        var asSpec = topology.ExternalAses.FirstOrDefault(a => a.Asn == asn);
        if (asSpec is null)
        {
            var known = topology.ExternalAses.Select(a => Text(a.Asn)).ToList();
            r.Error(external.Get("as")!, $"no external AS {asn} in the topology{Suggestions.DidYouMean(Text(asn.Value), known)}");
            return null;
        }
        if (forms[0] is "announce" or "withdraw" && external.Get("with") is { } with)
        {
            r.Error(with, $"'with' names a session; an announcement goes to the neighbours in 'announce.to'");
            return null;
        }
        return forms[0] switch
        {
            "session" => Session(site, external, asSpec),
            "announce" => Announce(site, external, asSpec),
            "policy" => Policy(site, external, asSpec),
            "max_prefix" => Limit(site, external, asSpec),
            _ => Withdraw(site, external, asSpec),
        };
    }

    private static ExternalAction? Session(ActionSite site, YamlReader.Map external, ExternalAsSpec asSpec)
    {
        var (r, topology) = (site.Reader, site.Topology);
        var command = external.Choice("session", Commands, required: true);
        var with = external.String("with");
        if (command is null) return null;
        var routers = Routers(topology, asSpec);
        int peer = -1;
        string peerName = "";
        if (with is not null)
        {
            if (SessionPeer(topology, asSpec, with) is not { } session)
            {
                r.Error(external.Get("with")!, NoSession(topology, asSpec, with));
                return null;
            }
            (peer, peerName) = session;
        }
        else if (routers.Count == 0)
        {
            r.Error(external.Get("as")!, $"AS {asSpec.Asn} has no session with the operator; name a neighbouring AS in 'with'");
            return null;
        }
        var whom = with is null ? "every session with the operator" : $"its session with {peerName}";
        var what = command switch
        {
            "shutdown" => $"AS {asSpec.Asn} shuts {whom} down (until a restore)",
            "reset" => $"AS {asSpec.Asn} resets {whom}",
            _ => $"AS {asSpec.Asn} restores {whom}",
        };
        return new ExternalAction(site.Index, site.Name, site.AtMs, site.Location, [asSpec.Node], what, asSpec.Node,
            new ExternalSessionCommand { Peer = peer, PeerName = peerName, Command = command });
    }

    private static ExternalAction? Announce(ActionSite site, YamlReader.Map external, ExternalAsSpec asSpec)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (external.SubMap("announce", true, "prefixes", "path", "to", "communities") is not { } announce) return null;
        var before = r.Errors.Errors.Count;
        var prefixes = Prefixes(r, announce, "prefixes");
        var path = new List<long>();
        foreach (var n in announce.Sequence("path") ?? [])
            if (r.AsString(n, "an AS number in 'path'") is { } text)
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hop) || hop is < 1 or > 4_294_967_295)
                    r.Error(n, $"'{text}' in 'path' is not an AS number (1 – 4,294,967,295)");
                else path.Add(hop); // its own number again is a prepend
            }
        if (path.Count > 64) { r.Error(announce.Get("path")!, $"'path' has {path.Count} AS numbers; at most 64"); return null; }
        var communities = new List<string>();
        foreach (var n in announce.Sequence("communities") ?? [])
            if (r.AsString(n, "a community") is { } text)
            {
                if (Model.Nodes.Communities.Parse(text, out var why) is { } canonical) { if (!communities.Contains(canonical)) communities.Add(canonical); }
                else r.Error(n, why);
            }
        var neighbours = Neighbours(topology, asSpec);
        var to = new List<int>();
        foreach (var n in announce.Sequence("to") ?? [])
            if (r.AsString(n, "a neighbouring AS in 'to'") is { } text)
            {
                var target = topology.ExternalAses.FirstOrDefault(a => Text(a.Asn) == text);
                if (target is null || !neighbours.Contains(target.Node))
                {
                    var candidates = neighbours.Select(x => Text(topology.ExternalAses.First(a => a.Node == x).Asn)).ToList();
                    r.Error(n, $"AS {asSpec.Asn} has no session with AS {text}{Suggestions.DidYouMean(text, candidates)}" +
                               (candidates.Count > 0 ? $" (its neighbouring ASes: {string.Join(", ", candidates)})" : " (it has no neighbouring AS)"));
                }
                else if (to.Contains(target.Node)) r.Error(n, $"AS {text} is listed twice in 'to'");
                else to.Add(target.Node);
            }
        if (prefixes is null || r.Errors.Errors.Count > before) return null;
        var claimed = (path.Count == 0 ? "as their origin" : $"with path {asSpec.Asn} {string.Join(' ', path)}")
                      + (communities.Count == 0 ? "" : $", communities {string.Join(' ', communities)}");
        var whom = to.Count == 0 ? "" : $" to AS {string.Join(", AS ", to.Select(x => topology.ExternalAses.First(a => a.Node == x).Asn))}";
        return new ExternalAction(site.Index, site.Name, site.AtMs, site.Location, [asSpec.Node],
            $"AS {asSpec.Asn} announces {Listed(prefixes)} {claimed}{whom}", asSpec.Node,
            new ExternalRoutesCommand
            {
                Prefixes = prefixes.ToArray(), Path = path.ToArray(), To = to.ToArray(), Communities = [.. communities.Order(StringComparer.Ordinal)],
                Via = path.Count == 0 ? -1 : Via(topology, asSpec, path[0]),
            });
    }

    private static ExternalAction? Withdraw(ActionSite site, YamlReader.Map external, ExternalAsSpec asSpec)
    {
        if (Prefixes(site.Reader, external, "withdraw") is not { } prefixes) return null;
        return new ExternalAction(site.Index, site.Name, site.AtMs, site.Location, [asSpec.Node],
            $"AS {asSpec.Asn} withdraws {Listed(prefixes)}", asSpec.Node, new ExternalRoutesCommand { Prefixes = prefixes.ToArray(), Withdraw = true });
    }

    /// <summary>The most a max-prefix limit may be (as <c>limits_at_ases</c>).</summary>
    public const long MaxLimit = 100_000_000;

    /// <summary><c>max_prefix: N | none</c>: the AS's limit on its session with the operator router <c>with</c> names, or
    /// on every session it has with the operator.</summary>
    private static ExternalAction? Limit(ActionSite site, YamlReader.Map external, ExternalAsSpec asSpec)
    {
        var (r, topology) = (site.Reader, site.Topology);
        var routers = Routers(topology, asSpec);
        var with = external.String("with");
        var router = -1;
        if (with is not null)
        {
            router = routers.FirstOrDefault(n => topology.NodeNames[n] == with, -1);
            if (router < 0)
            {
                var candidates = routers.Select(n => topology.NodeNames[n]).ToList();
                r.Error(external.Get("with")!, $"AS {asSpec.Asn} has no session with an operator router '{with}'{Suggestions.DidYouMean(with, candidates)}" +
                                               (candidates.Count > 0 ? $" (its sessions with the operator: {string.Join(", ", candidates)}); a limit is on a session with the operator" : " (it has none)"));
                return null;
            }
        }
        else if (routers.Count == 0)
        {
            r.Error(external.Get("as")!, $"AS {asSpec.Asn} has no session with the operator, so no limit to set");
            return null;
        }
        long limit;
        if (external.Get("max_prefix") is YamlScalarNode { Value: "none" }) limit = 0;
        else if (external.Integer("max_prefix", 1, MaxLimit, required: true) is { } n) limit = n;
        else return null;
        var whom = with is null ? "every session with the operator" : $"its session with {with}";
        var what = limit == 0 ? $"AS {asSpec.Asn} takes the max-prefix limit off {whom}" : $"AS {asSpec.Asn} sets a max-prefix limit of {limit:N0} on {whom}";
        return new ExternalAction(site.Index, site.Name, site.AtMs, site.Location, [asSpec.Node], what, asSpec.Node,
            new ExternalLimitCommand { Router = router, MaxPrefix = limit });
    }

    /// <summary>
    /// <c>import</c> and/or <c>export</c>: the AS changes its route maps on its session with <c>with</c> (a neighbouring
    /// AS or an operator router; required). <c>none</c> puts a map back to the relationship's rules.
    /// </summary>
    private static ExternalAction? Policy(ActionSite site, YamlReader.Map external, ExternalAsSpec asSpec)
    {
        var (r, topology) = (site.Reader, site.Topology);
        var errors = r.Errors.Errors.Count;
        if (external.String("with", required: true) is not { } with) return null;
        if (SessionPeer(topology, asSpec, with) is not { } peer)
        {
            r.Error(external.Get("with")!, NoSession(topology, asSpec, with));
            return null;
        }
        var import = RouteMapReader.Read(r, external, "import", out var noImport);
        var export = RouteMapReader.Read(r, external, "export", out var noExport);
        if (r.Errors.Errors.Count > errors) return null;
        var parts = new List<string>();
        if (import is not null || noImport) parts.Add(noImport ? "no import map" : $"import map ({import})");
        if (export is not null || noExport) parts.Add(noExport ? "no export map" : $"export map ({export})");
        return new ExternalAction(site.Index, site.Name, site.AtMs, site.Location, [asSpec.Node],
            $"AS {asSpec.Asn} sets its session with {peer.Name}: {string.Join(", ", parts)}", asSpec.Node,
            new ExternalPolicyCommand { Peer = peer.Node, Import = import, Export = export, ClearImport = noImport, ClearExport = noExport });
    }

    /// <summary>The session of an AS that <paramref name="with"/> names: a neighbouring AS by number or an operator
    /// router it peers with; null when it names none.</summary>
    public static (int Node, string Name)? SessionPeer(NetworkTopology topology, ExternalAsSpec asSpec, string with)
    {
        var asPeer = topology.ExternalAses.FirstOrDefault(a => Text(a.Asn) == with);
        if (asPeer is not null && Neighbours(topology, asSpec).Contains(asPeer.Node)) return (asPeer.Node, asPeer.Name);
        var router = Routers(topology, asSpec).FirstOrDefault(n => topology.NodeNames[n] == with, -1);
        return router >= 0 ? (router, with) : null;
    }

    /// <summary>The error for a <c>with</c> that names no session of the AS, with its sessions to choose from.</summary>
    public static string NoSession(NetworkTopology topology, ExternalAsSpec asSpec, string with)
    {
        var candidates = Routers(topology, asSpec).Select(n => topology.NodeNames[n])
            .Concat(Neighbours(topology, asSpec).Select(n => Text(topology.ExternalAses.First(a => a.Node == n).Asn))).ToList();
        return $"AS {asSpec.Asn} has no session with '{with}'{Suggestions.DidYouMean(with, candidates)}" +
               (candidates.Count > 0 ? $" (its sessions: {string.Join(", ", candidates)})" : " (it has no sessions)");
    }

    /// <summary>A non-empty list of canonical prefixes, each once; null after an error.</summary>
    private static List<string>? Prefixes(YamlReader r, YamlReader.Map map, string key)
    {
        var nodes = map.Sequence(key, required: true);
        if (nodes is null) return null;
        if (nodes.Count == 0) { r.Error(map.Get(key)!, $"'{key}' must list at least one prefix"); return null; }
        if (nodes.Count > MaxPrefixes) { r.Error(map.Get(key)!, $"'{key}' lists {nodes.Count:N0} prefixes; at most {MaxPrefixes:N0}"); return null; }
        var prefixes = new List<string>();
        var ok = true;
        foreach (var n in nodes)
        {
            if (r.AsString(n, "a prefix") is not { } text) { ok = false; continue; }
            if (!Prefix.TryParse(text, out var prefix, out var error)) { r.Error(n, $"'{key}': {error}"); ok = false; continue; }
            var canonical = prefix.ToString();
            if (prefixes.Contains(canonical)) { r.Error(n, $"prefix {canonical} is listed twice"); ok = false; continue; }
            prefixes.Add(canonical);
        }
        return ok ? prefixes : null;
    }

    /// <summary>Where an AS that claims a path starting with <paramref name="first"/> sends the traffic: that neighbouring
    /// AS, or, when it is the operator's number, the first operator router it peers with; -1 (it keeps the traffic) when
    /// it has no session with it.</summary>
    private static int Via(NetworkTopology topology, ExternalAsSpec asSpec, long first)
    {
        if (first == topology.OperatorAsn)
            return Routers(topology, asSpec).DefaultIfEmpty(-1).First();
        var neighbour = topology.ExternalAses.FirstOrDefault(a => a.Asn == first);
        return neighbour is not null && Neighbours(topology, asSpec).Contains(neighbour.Node) ? neighbour.Node : -1;
    }

    /// <summary>The operator routers the AS has sessions with, in node order.</summary>
    private static List<int> Routers(NetworkTopology topology, ExternalAsSpec asSpec)
        => topology.Peerings.Where(p => p.AsNode == asSpec.Node).Select(p => p.RouterNode).Order().ToList();

    private static List<int> Neighbours(NetworkTopology topology, ExternalAsSpec asSpec)
        => topology.AsLinks.Where(l => l.A == asSpec.Node || l.B == asSpec.Node).Select(l => l.A == asSpec.Node ? l.B : l.A).Order().ToList();

    private static string Listed(List<string> prefixes)
        => prefixes.Count <= 3 ? string.Join(", ", prefixes) : $"{string.Join(", ", prefixes.Take(3))} and {prefixes.Count - 3} more";

    public override void Play(NodeContext ctx, DriverContext driver, long cause) => ctx.Send(AsNode, ctx.Lookahead, Command, cause);
}
