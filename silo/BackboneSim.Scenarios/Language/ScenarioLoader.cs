using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Configuration;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Nodes.Parameters;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Loads a scenario file: parses, checks every field with FILE:LINE:COL errors, resolves includes and selectors,
/// and expands the topology. The format is documented in docs/scenario-format.md.
/// </summary>
public static class ScenarioLoader
{
    public const long MaxDurationMs = 30L * 24 * 3600 * 1000;
    public const int MaxActions = TimelineReader.MaxActions;

    private static readonly string[] TopKeys = ["scenario", "title", "seed", "start", "duration", "lookahead", "parameters", "topology", "responders", "config", "controllers", "timeline", "steady_state", "expect", "narration"];

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
        IReadOnlyList<ConfigEntry> configuration = [];
        if (topology is not null) (configuration, topology) = ConfigReader.Read(r, map, topology);
        if (topology is not null) topology = ControllerReader.Read(r, map, topology, parameters);
        var timeline = topology is null ? [] : TimelineReader.Read(r, map, topology, start, duration, path,
            RunState.ColumnsFor(topology, responders.Tools.Select(x => x.Name).ToList()), responders.Teams.Select(t => t.Name).ToList());
        // Tools and services share the series namespace (service_availability:<name>).
        if (topology is not null)
            foreach (var tool in responders.Tools.Where(x => topology.Services.Any(s => s.Name == x.Name)))
                r.Error(map.Get("responders") ?? map.Node, $"internal tool '{tool.Name}' has the name of a service; give it another");
        var (steadyState, expectations) = topology is null ? ([], []) : ExpectationReader.Read(r, map, topology,
            responders.Tools.Select(x => x.Name).ToList(), timeline.Select(a => a.Name).ToList(), start, duration);
        var narration = topology is null ? [] : NarrationReader.Read(r, map, topology, timeline.Select(a => a.Name).ToList(), start, duration);
        errors.ThrowIfAny();

        return new ScenarioDefinition
        {
            Name = name!, Title = title!, SourceFile = display, Seed = seed, Start = start, DurationMs = duration,
            LookaheadMs = lookahead, Topology = topology!, Parameters = parameters, Timeline = timeline, Responders = responders,
            SteadyState = steadyState, Expectations = expectations, Narration = narration, Configuration = configuration,
        };
    }

    private static NetworkTopology? ReadTopology(YamlReader r, IScenarioFiles files, YamlNode node, string scenarioPath)
    {
        var errorsBefore = r.Errors.Errors.Count; // an include that merged with errors is read, not generated
        var topology = TopologyIncludes.Resolve(r, files, node, scenarioPath) is { } merged ? TopologyLoader.Read(r, merged) : null;
        return r.Errors.Errors.Count > errorsBefore ? null : topology;
    }

    /// <summary>
    /// <c>parameters:</c>, read from the declarations (<see cref="ParameterCatalog"/>): each key with its kind and
    /// range, then the conditions between them.
    /// </summary>
    private static ModelParameters ReadParameters(YamlReader r, YamlReader.Map map)
    {
        var p = new ModelParameters();
        if (map.SubMap("parameters", false, [.. ParameterCatalog.All.Select(d => d.Key)]) is not { } pm) return p;
        foreach (var d in ParameterCatalog.All)
        {
            double? value = d.Kind switch
            {
                // A lower bound above 0 has its own message, below.
                ParameterKind.Duration => pm.Duration(d.Key, 0, (long)d.Max),
                ParameterKind.Integer => pm.Integer(d.Key, (long)d.Min, (long)d.Max),
                ParameterKind.Choice => pm.Choice(d.Key, [.. d.Choices!]) is { } word ? d.Choices!.ToList().IndexOf(word) : null,
                _ => pm.Number(d.Key, d.Min, d.Max),
            };
            if (value is not { } v) continue;
            d.Set(p, v);
            if (v < d.Min) r.Error(pm.Get(d.Key)!, $"'{d.Key}' must be at least {TimeText.FormatDuration((long)d.Min)}");
        }
        if (p.DcWarmCapacity < p.DcColdCapacity)
            r.Error(pm.Get("dc_warm_capacity") ?? pm.Get("dc_cold_capacity")!, "'dc_warm_capacity' must be at least 'dc_cold_capacity': caches do not make a data center weaker");
        return p;
    }

    private static ResponderSpec ReadResponders(YamlReader.Map map)
    {
        var d = ResponderSpec.Default;
        if (map.SubMap("responders", false, "oob", "vpn_login", "oob_login", "travel", "security", "diagnose", "tools", "teams", "site_travel", "hands_on", "failure") is not { } m) return d;
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
            m.Duration("diagnose", 0, Day) ?? d.DiagnoseMs) {
                Tools = m.Has("tools") ? tools : InternalTool.Defaults, Teams = ReadTeams(m),
                SiteTravelMs = m.Duration("site_travel", 0, 7 * Day) ?? d.SiteTravelMs, HandsOnMs = m.Duration("hands_on", 0, Day) ?? d.HandsOnMs,
                FailureProbability = m.Number("failure", 0, 0.99) ?? d.FailureProbability,
            };
    }

    /// <summary>The responders' teams (<c>responders.teams</c>): name, remote or on site only, own travel and diagnosis
    /// times; none listed: one team, "responders".</summary>
    private static IReadOnlyList<ResponderTeamSpec> ReadTeams(YamlReader.Map m)
    {
        if (!m.Has("teams")) return [ResponderTeamSpec.Default];
        const long Day = 24L * 3600 * 1000;
        var teams = new List<ResponderTeamSpec>();
        var items = m.Sequence("teams") ?? [];
        if (items.Count == 0) m.Reader.Error(m.Get("teams")!, "'teams' lists no team; leave it out for one team, 'responders'");
        if (items.Count > 100) { m.Reader.Error(m.Get("teams")!, $"{items.Count} teams; the limit is 100"); return [ResponderTeamSpec.Default]; }
        foreach (var n in items)
        {
            if (m.Reader.AsMap(n, "a team", "name", "remote", "travel", "diagnose") is not { } t) continue;
            var name = t.String("name", true);
            var remote = t.Choice("remote", ["true", "false"]);
            var travel = t.Duration("travel", 0, 7 * Day);
            var diagnose = t.Duration("diagnose", 0, Day);
            if (name is null) continue;
            if (!TopologyLoader.IsPlainName(name)) m.Reader.Error(t.Get("name")!, $"team name '{name}' may use only letters, digits, '-' and '_'");
            else if (teams.Any(x => x.Name == name)) m.Reader.Error(t.Get("name")!, $"team '{name}' is listed twice");
            else teams.Add(new ResponderTeamSpec(name, remote != "false", travel, diagnose));
        }
        return teams.Count > 0 ? teams : [ResponderTeamSpec.Default];
    }
}
