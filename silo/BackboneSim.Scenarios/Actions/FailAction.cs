using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios.Actions;

/// <summary>The nodes at one site that lose power together.</summary>
public sealed record SiteNodes(string Site, IReadOnlyList<int> Routers, IReadOnlyList<int> DnsServers, IReadOnlyList<int> DataCenters)
{
    /// <summary>Controllers running at the site (a scenario's <c>controllers:</c>).</summary>
    public IReadOnlyList<int> Controllers { get; init; } = [];
    public IEnumerable<int> All => Routers.Concat(DnsServers).Concat(DataCenters).Concat(Controllers);
}

/// <summary>
/// What a "fail" action breaks, resolved against the network: cut links (both ends lose carrier), crashed routers,
/// lost control-plane jobs, crashed DNS servers, or sites without power. <see cref="ForMs"/> &gt; 0: it recovers by itself that long after.
/// </summary>
public sealed record FailureSpec(string What, long ForMs)
{
    public const string Links = "links", Routers = "routers", ControlPlane = "control_plane", DnsServers = "dns_servers", Site = "site", Controllers = "controllers";
    public static readonly string[] Kinds = [Links, Routers, ControlPlane, DnsServers, Site, Controllers];

    public IReadOnlyList<LinkSpec> CutLinks { get; init; } = [];
    /// <summary>Crashed routers, or routers whose control-plane job is lost.</summary>
    public IReadOnlyList<int> RouterNodes { get; init; } = [];
    /// <summary>Crashed authoritative DNS servers (the software, not the site: their routers keep running).</summary>
    public IReadOnlyList<int> DnsServerNodes { get; init; } = [];
    /// <summary>Failed controllers (a scenario's <c>controllers:</c>): the routers they program fail static, then drain.</summary>
    public IReadOnlyList<int> ControllerNodes { get; init; } = [];
    public IReadOnlyList<SiteNodes> Sites { get; init; } = [];
    /// <summary>Control plane only: restart by itself after <c>control_plane_reboot</c> (false: only a recovery brings it back).</summary>
    public bool Restart { get; init; } = true;

    /// <summary>Every node the failure reaches, in node order.</summary>
    public IReadOnlyList<int> Nodes => CutLinks.SelectMany(l => new[] { l.A, l.B }).Concat(RouterNodes).Concat(DnsServerNodes).Concat(ControllerNodes)
        .Concat(Sites.SelectMany(s => s.All))
        .Distinct().Order().ToList();
}

/// <summary>
/// <c>fail:</c> — something breaks: <c>links</c> (a name, a glob or a list: the fibre is cut), <c>routers</c> (a
/// targets selector: the router crashes), <c>control_plane</c> (a targets selector: the control-plane job is lost;
/// <c>restart: false</c> keeps it down until recovered), <c>dns_servers</c> (a targets selector, role dns implied: the
/// DNS server software crashes, as in a bad DNS software release) or <c>site</c> (a name or glob: power is lost). With
/// <c>for:</c> it recovers by itself. Undone by a <see cref="RecoverAction"/>, by a <see cref="RespondAction"/> once the
/// responders get in, or when <c>for:</c> runs out (<see cref="Undo"/>); the driver keeps which failures are in effect
/// (<see cref="FailurePlayer"/>).
/// </summary>
public sealed record FailAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets, string Description,
    FailureSpec Failure)
    : TimelineAction(Index, Name, AtMs, Location, Targets, Description), IActionKind<FailAction>
{
    public static string YamlKey => "fail";
    public override string Key => YamlKey;

    public static FailAction? Read(ActionSite site)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (site.Map.SubMap("fail", true, [.. FailureSpec.Kinds, "for", "restart"]) is not { } fail) return null;
        var present = FailureSpec.Kinds.Where(fail.Has).ToList();
        var forMs = fail.Duration("for", 1, ScenarioLoader.MaxDurationMs) ?? 0;
        var restart = true;
        if (fail.Has("restart"))
        {
            if (present.Count == 1 && present[0] != FailureSpec.ControlPlane)
                r.Error(fail.Get("restart")!, "'restart' is for 'control_plane' failures (a crashed router or a site comes back with 'recover' or 'for')");
            else restart = fail.Choice("restart", ["true", "false"]) != "false";
        }
        if (present.Count != 1)
        {
            r.Error(fail.Node, $"'fail' needs exactly one of {string.Join(", ", FailureSpec.Kinds.Select(k => $"'{k}'"))}" +
                               (present.Count > 1 ? $"; it has {string.Join(" and ", present.Select(k => $"'{k}'"))}" : ""));
            return null;
        }
        var what = present[0];
        if (what == FailureSpec.ControlPlane && restart && forMs > 0)
            r.Error(fail.Get("for")!, "'for' on a 'control_plane' failure needs 'restart: false': otherwise the job restarts by itself after control_plane_reboot");
        FailureSpec? spec = what switch
        {
            FailureSpec.Links => ReadLinks(r, fail.Get(what)!, topology) is { Count: > 0 } links ? new FailureSpec(what, forMs) { CutLinks = links } : null,
            FailureSpec.Site => ReadSites(r, fail.Get(what)!, topology) is { Count: > 0 } sites ? new FailureSpec(what, forMs) { Sites = sites } : null,
            FailureSpec.DnsServers => ReadDnsServers(r, fail.Get(what)!, topology) is { Count: > 0 } servers
                ? new FailureSpec(what, forMs) { DnsServerNodes = servers } : null,
            FailureSpec.Controllers => ReadControllers(r, fail.Get(what)!, topology) is { Count: > 0 } controllers
                ? new FailureSpec(what, forMs) { ControllerNodes = controllers } : null,
            _ => ReadRouters(r, fail.Get(what)!, what, topology) is { Count: > 0 } routers
                ? new FailureSpec(what, forMs) { RouterNodes = routers, Restart = restart } : null,
        };
        if (spec is null) return null;
        return new FailAction(site.Index, site.Name, site.AtMs, site.Location, spec.Nodes, Describe(spec, topology), spec);
    }

    /// <summary>What the failure does, for people (the action's "what", printed by run and explain).</summary>
    public static string Describe(FailureSpec f, NetworkTopology topology)
    {
        var names = topology.NodeNames;
        var text = f.What switch
        {
            FailureSpec.Links => $"cut {Count(f.CutLinks.Count, "link")} ({List(f.CutLinks.Select(l => l.Name))}): both ends lose carrier",
            FailureSpec.Routers => $"crash {Count(f.RouterNodes.Count, "router")} ({List(f.RouterNodes.Select(n => names[n]))})",
            FailureSpec.DnsServers => $"crash the DNS software on {Count(f.DnsServerNodes.Count, "DNS server")} ({List(f.DnsServerNodes.Select(n => names[n]))})",
            FailureSpec.Controllers => $"stop {Count(f.ControllerNodes.Count, "controller")} ({List(f.ControllerNodes.Select(n => names[n]))}): the routers they program fail static",
            FailureSpec.ControlPlane => $"lose the control-plane job on {Count(f.RouterNodes.Count, "router")} ({List(f.RouterNodes.Select(n => names[n]))})" +
                                        (f.Restart ? ", which restarts after control_plane_reboot" : ", not restarting until recovered"),
            _ => $"power lost at {(f.Sites.Count == 1 ? "site " + f.Sites[0].Site : Count(f.Sites.Count, "site") + $" ({List(f.Sites.Select(s => s.Site))})")}: " +
                 $"{Count(f.Sites.Sum(s => s.Routers.Count), "router")}, {Count(f.Sites.Sum(s => s.DnsServers.Count), "DNS server")}, " +
                 $"{Count(f.Sites.Sum(s => s.DataCenters.Count), "data center")} go dark",
        };
        return text + (f.ForMs > 0 ? $", recovering by itself after {TimeText.FormatDuration(f.ForMs)}" : "");
    }

    /// <summary>The earlier "fail" action that <paramref name="key"/> names (a recover or respond), or null with an error.</summary>
    public static FailAction? Earlier(ActionSite site, YamlReader.Map map, string key)
    {
        if (map.String(key, true) is not { } name) return null;
        var failure = site.Earlier.OfType<FailAction>().FirstOrDefault(x => x.Name == name);
        if (failure is null)
        {
            site.Reader.Error(map.Get(key)!, $"'{key}' must name an earlier fail action" +
                                             Suggestions.DidYouMean(name, site.Earlier.OfType<FailAction>().Select(x => x.Name)));
            return null;
        }
        // Only fixed times can be compared: a triggered action (at -1 here) may run only after the failure (its 'when'
        // can wait for it), and a recovery that comes first finds nothing to undo.
        if (failure.Scheduled && site.AtMs >= 0 && failure.AtMs > site.AtMs)
        {
            site.Reader.Error(map.Get(key)!, $"'{key}' names '{name}', which happens after this action; only a failure that has happened can be recovered");
            return null;
        }
        return failure;
    }

    public override void Play(NodeContext ctx, DriverContext driver, long cause)
    {
        if (!driver.Failures.Begin(Index)) return;
        Apply(ctx, driver, broken: true, cause);
        if (Failure.ForMs > 0) ctx.SetTimer(ctx.Now + Failure.ForMs, new FailureTimer { Action = Index }, cause);
    }

    /// <summary>Ends the failure (the driver calls it once, for a failure in effect): what broke works again.</summary>
    public override void Undo(NodeContext ctx, DriverContext driver, long cause) => Apply(ctx, driver, broken: false, cause);

    private void Apply(NodeContext ctx, DriverContext driver, bool broken, long cause)
    {
        var f = Failure;
        switch (f.What)
        {
            case FailureSpec.Links:
                // Both ends see the light go (come back) after their detection time: the cut is between them.
                var detect = Math.Max(ctx.Lookahead, driver.Parameters.CarrierLossDetectMs);
                foreach (var link in f.CutLinks)
                {
                    var e = ctx.Emit(broken ? new LinkCutByFailure(link.Name, link.Kind, Name) : new LinkRestoredByFailure(link.Name, link.Kind, Name), cause);
                    var cut = new LinkCut { Link = link.Index, Action = Name, Cut = broken };
                    ctx.Send(link.A, detect, cut, e);
                    ctx.Send(link.B, detect, cut, e);
                }
                break;
            case FailureSpec.Routers:
                var crash = new PowerChange { Action = Name, On = !broken, Reason = "crash" };
                foreach (var router in f.RouterNodes) ctx.Send(router, ctx.Lookahead, crash, cause);
                break;
            case FailureSpec.DnsServers:
                var software = new PowerChange { Action = Name, On = !broken, Reason = DnsServerModel.SoftwareCrash };
                foreach (var server in f.DnsServerNodes) ctx.Send(server, ctx.Lookahead, software, cause);
                break;
            case FailureSpec.Controllers:
                var stop = new PowerChange { Action = Name, On = !broken, Reason = "controller failure" };
                foreach (var controller in f.ControllerNodes) ctx.Send(controller, ctx.Lookahead, stop, cause);
                break;
            case FailureSpec.ControlPlane:
                var loss = new ControlPlaneLoss { Action = Name, Restart = f.Restart, Recover = !broken };
                foreach (var router in f.RouterNodes) ctx.Send(router, ctx.Lookahead, loss, cause);
                break;
            case FailureSpec.Site:
                foreach (var site in f.Sites)
                {
                    var (routers, dnsServers, dataCenters) = (site.Routers.Count, site.DnsServers.Count, site.DataCenters.Count);
                    var e = ctx.Emit(broken ? new SitePowerLost(site.Site, routers, dnsServers, dataCenters, Name)
                        : new SitePowerRestored(site.Site, routers, dnsServers, dataCenters, Name), cause);
                    var power = new PowerChange { Action = Name, On = !broken, Reason = $"power lost at site {site.Site}" };
                    foreach (var node in site.All.Order()) ctx.Send(node, ctx.Lookahead, power, e);
                }
                break;
        }
    }

    private static List<LinkSpec> ReadLinks(YamlReader r, YamlNode node, NetworkTopology topology)
    {
        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        if (items.Count == 0) r.Error(node, "'links' names no link");
        var result = new SortedDictionary<int, LinkSpec>();
        foreach (var item in items)
        {
            if (r.AsString(item, "a link name") is not { } pattern) continue;
            if (IsGlob(pattern))
            {
                var glob = Glob.Compile(pattern);
                var matched = topology.Links.Where(l => glob.IsMatch(l.Name)).ToList();
                if (matched.Count == 0) r.Error(item, $"'links' pattern '{pattern}' matches no link{Glob.Hint(pattern)}");
                foreach (var l in matched) result[l.Index] = l;
            }
            else if (topology.Links.FirstOrDefault(l => l.Name == pattern) is { } link) result[link.Index] = link;
            else r.Error(item, $"no link named '{pattern}'{Suggestions.DidYouMean(pattern, topology.Links.Select(l => l.Name))}{Glob.Hint(pattern)}");
        }
        return [.. result.Values];
    }

    private static List<int> ReadRouters(YamlReader r, YamlNode node, string key, NetworkTopology topology)
    {
        var (nodes, kind) = TargetSelector.Resolve(r, node, topology);
        if (kind != TargetSelector.Dns) return [.. nodes];
        r.Error(node, $"'{key}' selects routers; for DNS servers write 'dns_servers:' (their software crashes) or 'site:' (their site loses power)");
        return [];
    }

    private static List<int> ReadDnsServers(YamlReader r, YamlNode node, NetworkTopology topology)
    {
        var (nodes, kind) = TargetSelector.Resolve(r, node, topology, impliedRole: "dns");
        if (kind == TargetSelector.Dns) return [.. nodes];
        if (kind is not null) r.Error(node, "'dns_servers' selects DNS servers; a router fails with 'routers:' (a crash) or 'control_plane:'");
        return [];
    }

    /// <summary>The items a name or a glob (*, ?) names, in their order; an error naming the key when none matches.</summary>
    private static List<T> ByNameOrGlob<T>(YamlReader r, YamlNode node, string key, string what, IReadOnlyList<T> items, Func<T, string> nameOf)
    {
        if (r.AsString(node, $"'{key}'") is not { } pattern) return [];
        var glob = Glob.Compile(pattern);
        var matched = items.Where(x => IsGlob(pattern) ? glob.IsMatch(nameOf(x)) : nameOf(x) == pattern).ToList();
        if (matched.Count == 0)
            r.Error(node, IsGlob(pattern) ? $"'{key}' pattern '{pattern}' matches no {what}{Glob.Hint(pattern)}"
                : $"no {what} named '{pattern}'{Suggestions.DidYouMean(pattern, items.Select(nameOf))}{Glob.Hint(pattern)}");
        return matched;
    }

    private static List<SiteNodes> ReadSites(YamlReader r, YamlNode node, NetworkTopology topology)
    {
        var matched = ByNameOrGlob(r, node, "site", "site", topology.Sites, s => s.Name);
        return matched.Select(s => new SiteNodes(s.Name,
            topology.Routers.Where(x => x.Site == s.Name).Select(x => x.Node).ToList(),
            topology.DnsServers.Where(x => x.Site == s.Name).Select(x => x.Node).ToList(),
            topology.DataCenters.Where(x => x.Site == s.Name).Select(x => x.Node).ToList())
            { Controllers = topology.Controllers.Where(x => x.Site == s.Name).Select(x => x.Node).ToList() }).ToList();
    }

    /// <summary>Controllers by name or glob (a scenario's <c>controllers:</c>).</summary>
    private static List<int> ReadControllers(YamlReader r, YamlNode node, NetworkTopology topology)
    {
        if (topology.Controllers.Count == 0) { r.Error(node, "the scenario has no 'controllers:' to fail"); return []; }
        return ByNameOrGlob(r, node, "controllers", "controller", topology.Controllers, c => c.Name).Select(c => c.Node).ToList();
    }

    private static bool IsGlob(string pattern) => pattern.IndexOfAny(['*', '?']) >= 0;

    internal static string Count(int n, string thing) => $"{n} {thing}{(n == 1 ? "" : "s")}";

    /// <summary>Up to three names, then how many more.</summary>
    internal static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= 3 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(3))} and {all.Count - 3} more";
    }
}
