using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// Loads a scenario file: parses, checks every field with FILE:LINE:COL errors, resolves includes and selectors,
/// and expands the topology. The format is documented in docs/scenario-format.md.
/// </summary>
public static class ScenarioLoader
{
    public const long MaxDurationMs = 30L * 24 * 3600 * 1000;
    public const int MaxActions = 10_000;

    private static readonly string[] TopKeys = ["scenario", "title", "seed", "start", "duration", "lookahead", "parameters", "topology", "responders", "timeline", "steady_state", "expect"];

    /// <summary>The run, and the day after it that times of day can reach, stay within the calendar.</summary>
    public static readonly DateTimeOffset MinStart = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), MaxStart = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ScenarioDefinition Load(string path, IScenarioFiles? files = null)
    {
        files ??= new DiskScenarioFiles();
        path = Path.GetFullPath(path);
        var errors = new ErrorList();
        var display = files.DisplayName(path);
        var root = YamlReader.LoadDocument(files, path, errors);
        errors.ThrowIfAny();
        var r = new YamlReader(display, errors, new YamlSourceMap());
        var map = r.AsMap(root!, "the scenario", TopKeys);
        if (map is null) { errors.ThrowIfAny(); }

        var name = map!.String("scenario", required: true);
        if (name is not null && !TopologyLoader.IsPlainName(name)) r.Error(map.Get("scenario")!, $"scenario name '{name}' may use only letters, digits, '-' and '_'");
        var title = map.String("title", required: true);
        var seed = map.Integer("seed", long.MinValue, long.MaxValue) ?? 1;
        var start = DateTimeOffset.UnixEpoch;
        if (map.String("start", required: true) is { } startText)
        {
            if (DateTimeOffset.TryParse(startText, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var s)) start = s.ToUniversalTime();
            else r.Error(map.Get("start")!, $"'start' must be an ISO-8601 UTC time like 2021-10-04T15:30:00Z, not '{startText}'");
            // The run, and the day after it that times of day can reach, must stay within the calendar.
            if (start < MinStart || start >= MaxStart)
            {
                r.Error(map.Get("start")!, $"'start' is {startText}; it must be from {MinStart:yyyy-MM-dd} to before {MaxStart:yyyy-MM-dd}");
                start = DateTimeOffset.UnixEpoch;
            }
        }
        var duration = map.Duration("duration", 1, MaxDurationMs, required: true) ?? 1;
        var lookahead = map.Duration("lookahead", 1, 60_000) ?? 10;
        var parameters = ReadParameters(r, map);
        var responders = ReadResponders(map);

        NetworkTopology? topology = null;
        if (map.Get("topology", required: true) is { } topoNode) topology = ReadTopology(r, files, topoNode, path);
        var timeline = topology is null ? [] : ReadTimeline(r, map, topology, start, duration, path);
        // Tools and services share the series namespace (service_availability:<name>).
        if (topology is not null)
            foreach (var tool in responders.Tools.Where(x => topology.Services.Any(s => s.Name == x.Name)))
                r.Error(map.Get("responders") ?? map.Node, $"internal tool '{tool.Name}' has the name of a service; give it another");
        var (steadyState, expectations) = topology is null ? ([], []) : Expectations.ExpectationReader.Read(r, map, topology,
            responders.Tools.Select(x => x.Name).ToList(), timeline.Select(a => a.Name).ToList(), start, duration);
        errors.ThrowIfAny();

        return new ScenarioDefinition
        {
            Name = name!, Title = title!, SourceFile = display, Seed = seed, Start = start, DurationMs = duration,
            LookaheadMs = lookahead, Topology = topology!, Parameters = parameters, Timeline = timeline, Responders = responders,
            SteadyState = steadyState, Expectations = expectations,
        };
    }

    private static NetworkTopology? ReadTopology(YamlReader r, IScenarioFiles files, YamlNode node, string scenarioPath)
    {
        var errorsBefore = r.Errors.Errors.Count; // an include that merged with errors is read, not generated
        var topology = TopologyIncludes.Resolve(r, files, node, scenarioPath) is { } merged ? TopologyLoader.Read(r, merged) : null;
        return r.Errors.Errors.Count > errorsBefore ? null : topology;
    }

    private static readonly (string Key, Action<ModelParameters, long> Set, bool IsCount)[] ParameterFields =
    [
        ("carrier_loss_detect", (p, v) => p.CarrierLossDetectMs = v, false),
        ("adjacency_up", (p, v) => p.AdjacencyUpMs = v, false),
        ("lsa_generation_delay", (p, v) => p.LsaGenerationDelayMs = v, false),
        ("spf_delay", (p, v) => p.SpfDelayMs = v, false),
        ("spf_secondary_wait", (p, v) => p.SpfSecondaryWaitMs = v, false),
        ("spf_max_wait", (p, v) => p.SpfMaxWaitMs = v, false),
        ("flood_per_hop", (p, v) => p.FloodPerHopMs = v, false),
        ("push_base", (p, v) => p.PushBaseMs = v, false),
        ("push_spread", (p, v) => p.PushSpreadMs = v, false),
        ("health_check_interval", (p, v) => p.HealthCheckIntervalMs = v, false),
        ("health_fail_threshold", (p, v) => p.HealthFailThreshold = (int)v, true),
        ("health_recover_threshold", (p, v) => p.HealthRecoverThreshold = (int)v, true),
        ("local_hop", (p, v) => p.LocalHopMs = v, false),
        ("bgp_processing", (p, v) => p.BgpProcessingMs = v, false),
        ("bgp_mrai", (p, v) => p.BgpMraiMs = v, false),
        ("resolver_give_up", (p, v) => p.ResolverGiveUpMs = v, false),
        ("resolver_attempts", (p, v) => p.ResolverAttempts = (int)v, true),
        ("servfail_cache", (p, v) => p.ServfailCacheMs = v, false),
        ("resolver_rtt", (p, v) => p.ResolverRttMs = v, false),
        ("stale_refresh", (p, v) => p.StaleRefreshMs = v, false),
        ("app_retry_interval", (p, v) => p.AppRetryIntervalMs = v, false),
        ("dc_cache_cool", (p, v) => p.DcCacheCoolMs = v, false),
        ("dc_cache_warm", (p, v) => p.DcCacheWarmMs = v, false),
        ("dc_trip_recovery", (p, v) => p.DcTripRecoveryMs = v, false),
        ("dc_auto_ramp", (p, v) => p.DcAutoRampMs = v, false),
        ("dc_control_step", (p, v) => p.DcControlStepMs = v, false),
        ("bgp_export_batch", (p, v) => p.BgpExportBatchMs = v, false),
        ("bgp_hold", (p, v) => p.BgpHoldMs = v, false),
        ("igp_hold", (p, v) => p.IgpHoldMs = v, false),
        ("bgp_routes_per_second", (p, v) => p.BgpRoutesPerSecond = v, true),
        ("control_plane_reboot", (p, v) => p.ControlPlaneRebootMs = v, false),
        ("substitute_step", (p, v) => p.SubstituteStepMs = v, false),
    ];

    private static ModelParameters ReadParameters(YamlReader r, YamlReader.Map map)
    {
        var p = new ModelParameters();
        if (map.SubMap("parameters", false, [.. ParameterFields.Select(f => f.Key), "active_user_fraction", "dc_idle_power_fraction",
                "dc_cold_capacity", "dc_warm_capacity", "mbps_per_active_user", "backbone_traffic_share"]) is not { } pm) return p;
        foreach (var (key, set, isCount) in ParameterFields)
        {
            var v = isCount ? pm.Integer(key, 1, key == "bgp_routes_per_second" ? 100_000_000 : 1000) : pm.Duration(key, 0, 24 * 3600 * 1000);
            if (v is { } value) set(p, value);
        }
        if (pm.Number("active_user_fraction", 0, 1) is { } active) p.ActiveUserFraction = active;
        if (pm.Number("dc_idle_power_fraction", 0, 1) is { } idle) p.DcIdlePowerFraction = idle;
        if (pm.Number("dc_cold_capacity", 0, 10) is { } cold) p.DcColdCapacity = cold;
        if (pm.Number("dc_warm_capacity", 0, 10) is { } warm) p.DcWarmCapacity = warm;
        if (pm.Number("mbps_per_active_user", 0, 10_000) is { } mbps) p.MbpsPerActiveUser = mbps;
        if (pm.Number("backbone_traffic_share", 0, 1) is { } share) p.BackboneTrafficShare = share;
        if (p.DcWarmCapacity < p.DcColdCapacity)
            r.Error(pm.Get("dc_warm_capacity") ?? pm.Get("dc_cold_capacity")!, "'dc_warm_capacity' must be at least 'dc_cold_capacity': caches do not make a data center weaker");
        foreach (var (key, ms) in new[] { ("health_check_interval", p.HealthCheckIntervalMs), ("app_retry_interval", p.AppRetryIntervalMs), ("dc_control_step", p.DcControlStepMs) })
            if (ms < 1 && pm.Get(key) is { } n) r.Error(n, $"'{key}' must be at least 1ms");
        return p;
    }

    /// <summary>An interface match must be '*', a link kind or a link name.</summary>
    private static bool CheckMatch(YamlReader r, YamlReader.Map map, string? match, NetworkTopology topology)
    {
        if (match is null) return false;
        if (match == "*" || LinkKinds.All.Contains(match) || topology.Links.Any(l => l.Name == match)) return true;
        r.Error(map.Get("match")!, $"'match' is '{match}'; expected a link kind ({string.Join(", ", LinkKinds.All)}), a link name or '*'" +
                                   Suggestions.DidYouMean(match, LinkKinds.All));
        return false;
    }

    private static ResponderSpec ReadResponders(YamlReader.Map map)
    {
        var d = ResponderSpec.Default;
        if (map.SubMap("responders", false, "oob", "vpn_login", "oob_login", "travel", "security", "diagnose", "tools") is not { } m) return d;
        const long Day = 24L * 3600 * 1000;
        var tools = new List<InternalTool>();
        foreach (var n in m.Sequence("tools") ?? [])
        {
            if (m.Reader.AsMap(n, "a tool", "name", "needs") is not { } t) continue;
            var name = t.String("name", true);
            var needs = t.Choice("needs", InternalTool.NeedsChoices, true);
            if (name is not null && !TopologyLoader.IsPlainName(name)) m.Reader.Error(t.Get("name")!, $"tool name '{name}' may use only letters, digits, '-' and '_'");
            else if (name is not null && tools.Any(x => x.Name == name)) m.Reader.Error(n, $"tool '{name}' is listed twice");
            else if (name is not null && needs is not null) tools.Add(new InternalTool(name, needs));
        }
        return new ResponderSpec(
            (m.Choice("oob", ["shared", "separate"]) ?? "shared") == "separate",
            m.Duration("vpn_login", 0, Day) ?? d.VpnLoginMs, m.Duration("oob_login", 0, Day) ?? d.OobLoginMs,
            m.Duration("travel", 0, 7 * Day) ?? d.TravelMs, m.Duration("security", 0, Day) ?? d.SecurityMs,
            m.Duration("diagnose", 0, Day) ?? d.DiagnoseMs) { Tools = m.Has("tools") ? tools : InternalTool.Defaults };
    }

    private static IReadOnlyList<TimelineAction> ReadTimeline(YamlReader r, YamlReader.Map map, NetworkTopology topology, DateTimeOffset start, long duration, string scenarioPath)
    {
        var actions = new List<TimelineAction>();
        var items = map.Sequence("timeline") ?? [];
        if (items.Count > MaxActions) { r.Error(map.Get("timeline")!, $"{items.Count} timeline actions; the limit is {MaxActions}"); return actions; }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (r.AsMap(item, "a timeline action", "at", "name", "push", "respond") is not { } a) continue;
            var atText = a.String("at", required: true);
            long at = 0;
            if (atText is not null)
            {
                if (TimeText.ParseInstant(atText, start) is { } ms) at = ms;
                else { r.Error(a.Get("at")!, $"'at' must be a time of day (15:39:00), an offset (+9m) or an ISO-8601 time, not '{atText}'"); continue; }
                if (at < 0 || at >= duration)
                { r.Error(a.Get("at")!, $"'at' {atText} is outside the run ({TimeText.FormatDuration(duration)} from {start:u})"); continue; }
            }
            var name = a.String("name") ?? $"action{actions.Count + 1}";
            if (!names.Add(name)) r.Error(a.Get("name") ?? item, $"action name '{name}' is used twice");
            var at0 = r.At(item);
            // The action's line is named by the scenario's file name alone, so the timeline does not depend on the
            // directory a run was started from.
            var location = new SourceLocation(Path.GetFileName(scenarioPath), at0.Line, at0.Column);
            if (a.Has("push") == a.Has("respond"))
            {
                r.Error(item, "a timeline action needs exactly one of 'push' or 'respond'");
                continue;
            }
            if (a.SubMap("respond", false, "rollback", "restore") is { } respond)
            {
                var of = respond.String("rollback", true);
                var restore = respond.SubMap("restore", false, "ramp", "stagger");
                var ramp = restore?.Duration("ramp", 1_000, 24 * 3_600_000L, required: true) ?? 0;
                var stagger = restore?.Duration("stagger", 0, 24 * 3_600_000L) ?? 0;
                var undone = actions.FirstOrDefault(x => x.Name == of && x.Kind == "push");
                if (of is null) continue;
                if (undone is not null && undone.AtMs > at)
                {
                    r.Error(respond.Get("rollback")!, $"'rollback' names '{of}', which happens after this action; responders can only undo what was done");
                    continue;
                }
                if (undone is null)
                {
                    r.Error(respond.Get("rollback")!, $"'rollback' must name an earlier push action{Suggestions.DidYouMean(of, actions.Where(x => x.Kind == "push").Select(x => x.Name))}");
                    continue;
                }
                var plan = ramp > 0 ? $", then restore each data center over {TimeText.FormatDuration(ramp)}, {TimeText.FormatDuration(stagger)} apart" : "";
                actions.Add(new TimelineAction(actions.Count, name, at, location, "respond", [], [], $"responders dispatched to roll back '{of}'{plan}",
                    undone.Index, ramp, stagger));
                continue;
            }
            if (a.SubMap("push", required: true, "targets", "change") is not { } push) continue;
            var (targets, targetKind) = push.Get("targets", required: true) is { } tn ? ResolveTargets(r, tn, topology) : ([], null);
            var edits = new List<InterfaceEdit>();
            var igp = new List<IgpEdit>();
            var bgp = new List<BgpSessionEdit>();
            var zone = new List<ZoneEdit>();
            var delegation = new List<DelegationEdit>();
            foreach (var ch in push.Sequence("change", required: true) ?? [])
            {
                if (r.AsMap(ch, "a change", ChangeKinds) is not { } cm) continue;
                if (ChangeKinds.Count(cm.Has) != 1) { r.Error(ch, "a change needs exactly one of 'interfaces', 'igp', 'bgp', 'zone' or 'delegation'"); continue; }
                var kind = ChangeKinds.First(cm.Has);
                // Routers take interface, IGP and BGP edits; DNS servers zone edits; a delegation is made in the parent
                // zone, pushed like a zone edit.
                var forDns = kind is "zone" or "delegation";
                if (targetKind == TargetsDns && !forDns)
                { r.Error(cm.Get(kind)!, $"'{kind}' changes routers, but this push targets DNS servers (role: dns)"); continue; }
                if (targetKind == TargetsRouters && forDns)
                {
                    r.Error(cm.Get(kind)!, $"a '{kind}' change is for DNS {(kind == "zone" ? "servers' zone content" : "(the parent zone's delegation)")}, " +
                                           "but this push targets routers; give it targets: { role: dns }");
                    continue;
                }
                if (cm.SubMap("interfaces", false, "match", "admin") is { } im)
                {
                    var match = im.String("match", true);
                    var admin = im.Choice("admin", ["up", "down"], true);
                    if (CheckMatch(r, im, match, topology) && admin is not null) edits.Add(new InterfaceEdit { Match = match!, AdminUp = admin == "up" });
                }
                if (cm.SubMap("igp", false, "overload", "metric", "match") is { } gm)
                {
                    var overload = gm.Choice("overload", ["true", "false"]);
                    var metric = gm.Integer("metric", 1, 16_777_215);
                    var match = gm.String("match") ?? "*";
                    if (overload is null && metric is null) r.Error(gm.Node, "an 'igp' change sets 'overload', 'metric' or both");
                    else if (metric is null && gm.Has("match")) r.Error(gm.Get("match")!, "'match' selects interfaces for 'metric'; set a metric too");
                    else if (CheckMatch(r, gm, match, topology)) igp.Add(new IgpEdit { Overload = overload is null ? null : overload == "true", Metric = (int?)metric, Match = match });
                }
                if (cm.SubMap("bgp", false, BgpEditReader.Keys) is { } bm && BgpEditReader.Read(r, bm, topology) is { } bgpEdit) bgp.Add(bgpEdit);
                if (cm.SubMap("zone", false, DnsEditReader.ZoneKeys) is { } zm && DnsEditReader.Zone(r, zm, topology) is { } zoneEdit) zone.Add(zoneEdit);
                if (cm.SubMap("delegation", false, DnsEditReader.DelegationKeys) is { } dm && DnsEditReader.Delegation(r, dm, topology) is { } delegationEdit)
                    delegation.Add(delegationEdit);
            }
            var what = string.Join("; ", edits.Select(e => $"interfaces {e.Match} admin {(e.AdminUp ? "up" : "down")}")
                .Concat(igp.Select(g => "igp" + (g.Overload is { } o ? $" overload {(o ? "on" : "off")}" : "") + (g.Metric is { } m ? $" metric {m} on {g.Match}" : "")))
                .Concat(bgp.Select(BgpEditReader.Describe)).Concat(zone.Select(DnsEditReader.Describe)).Concat(delegation.Select(DnsEditReader.Describe)))
                + $" on {targets.Count} {(targetKind == TargetsDns ? "DNS servers" : "routers")}";
            actions.Add(new TimelineAction(actions.Count, name, at, location, "push", targets, edits, what)
                { Igp = igp, Bgp = bgp, Zone = zone, Delegation = delegation });
        }
        return actions;
    }

    private static readonly string[] ChangeKinds = ["interfaces", "igp", "bgp", "zone", "delegation"];
    private const string TargetsRouters = "routers", TargetsDns = "dns";

    private static readonly Dictionary<string, RouterRole> Roles = new()
    {
        ["backbone"] = RouterRole.Backbone, ["datacenter-border"] = RouterRole.DataCenterBorder, ["edge"] = RouterRole.Edge,
    };

    /// <summary>
    /// The push's targets: routers, or with <c>role: dns</c> the authoritative DNS servers; site, region and name
    /// select among them alike. Also says which kind they are (null when the selector itself was wrong).
    /// </summary>
    private static (IReadOnlyList<int> Nodes, string? Kind) ResolveTargets(YamlReader r, YamlNode node, NetworkTopology topology)
    {
        var errorsBefore = r.Errors.Errors.Count;
        if (r.AsMap(node, "'targets'", "role", "site", "region", "name") is not { } sel) return ([], null);
        var role = sel.Choice("role", [.. Roles.Keys, "dns", "any"]);
        var kind = sel.Has("role") && role is null ? null : role == "dns" ? TargetsDns : TargetsRouters;
        var siteRegion = topology.Sites.ToDictionary(s => s.Name, s => s.Region, StringComparer.Ordinal);
        IEnumerable<(int Node, string Name, string Site)> candidates = kind == TargetsDns
            ? topology.DnsServers.Select(d => (d.Node, d.Name, d.Site))
            : topology.Routers.Where(x => role is null or "any" || x.Role == Roles[role]).Select(x => (x.Node, x.Name, x.Site));
        if (sel.String("site") is { } site)
        {
            var sites = topology.Sites.Select(s => s.Name).ToList();
            if (!sites.Contains(site) && site.IndexOfAny(['*', '?']) < 0) r.Error(sel.Get("site")!, $"no site named '{site}'{Suggestions.DidYouMean(site, sites)}");
            var sitePattern = Glob.Compile(site);
            candidates = candidates.Where(x => sitePattern.IsMatch(x.Site));
        }
        if (sel.String("region") is { } region)
        {
            var regions = topology.Sites.Select(s => s.Region).Distinct().ToList();
            if (!regions.Contains(region)) r.Error(sel.Get("region")!, $"no region named '{region}'{Suggestions.DidYouMean(region, regions)}");
            candidates = candidates.Where(x => siteRegion.GetValueOrDefault(x.Site) == region);
        }
        if (sel.String("name") is { } pattern)
        {
            var namePattern = Glob.Compile(pattern);
            candidates = candidates.Where(x => namePattern.IsMatch(x.Name));
        }
        var result = candidates.Select(x => x.Node).ToList();
        if (result.Count == 0 && r.Errors.Errors.Count == errorsBefore) r.Error(node, $"'targets' matches no {(kind == TargetsDns ? "DNS server" : "router")}");
        return (result, kind);
    }
}
