using BackboneSim.Model.Nodes;
using BackboneSim.Model.Nodes.Parameters;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Each model parameter is declared once, in <see cref="ParameterCatalog"/> (issue 15, item 6): it covers
/// <see cref="ModelParameters"/> property by property and gives its defaults, the loader reads <c>parameters:</c>
/// from it, and the schema's <c>parameters</c> and the docs' parameter tables are generated from it. When they
/// differ, <see cref="Generated_schema_and_docs_match_the_catalog"/> fails; run
/// <c>UPDATE_GENERATED=1 dotnet test tests/BackboneSim.Model.Tests --filter ParameterDocsTests</c> to rewrite them.
/// </summary>
public class ParameterDocsTests
{
    private static readonly string SchemaPath = RepoPaths.File("scenarios/schema/scenario.schema.json");

    private static bool Updating => Environment.GetEnvironmentVariable(ParameterDocs.UpdateVariable) is "1" or "true";

    private static object Value(ModelParameters p, ParameterDeclaration d) => typeof(ModelParameters).GetProperty(d.Property)!.GetValue(p)!;

    /// <summary>A property's value as the number its declaration holds (a choice's index).</summary>
    private static double Number(ModelParameters p, ParameterDeclaration d) =>
        d.Kind == ParameterKind.Choice ? d.Choices!.ToList().IndexOf((string)Value(p, d)) : Convert.ToDouble(Value(p, d));

    [Fact]
    public void The_catalog_declares_every_ModelParameters_property_once()
    {
        var declared = ParameterCatalog.All.Select(d => d.Property).ToList();
        var properties = typeof(ModelParameters).GetProperties().Select(p => p.Name).ToList();
        Assert.Equal(declared.Count, declared.Distinct().Count());
        Assert.Equal(properties.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        var keys = ParameterCatalog.All.Select(d => d.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        foreach (var d in ParameterCatalog.All)
        {
            Assert.Matches("^[a-z]+(_[a-z]+)*$", d.Key);
            Assert.True(d.Min <= d.Default && d.Default <= d.Max, $"{d.Key}: the default {d.Default} is outside {d.Min} – {d.Max}");
            if (d.Kind != ParameterKind.Number)
                Assert.True(new[] { d.Default, d.Min, d.Max }.All(v => v == Math.Floor(v)), $"{d.Key} is whole but declares a fraction");
            Assert.True((d.Kind == ParameterKind.Duration) == (d.Unit == "ms"), $"{d.Key}: durations, and only they, are in ms");
            foreach (var (what, text) in new[] { ("summary", d.Summary), ("used for", d.UsedFor), ("source", d.Source) })
                Assert.True(text.Length > 0 && !text.Contains('\n') && !text.Contains('|'), $"{d.Key}: the {what} must be one line without '|'");
            Assert.False(d.Summary.EndsWith('.'), $"{d.Key}: the summary ends without a full stop (the schema adds the range)");
        }
        // "as above" refers to the row before it in the same docs table.
        foreach (var (d, i) in ParameterCatalog.All.Select((d, i) => (d, i)).Where(x => x.d.Source == "as above"))
            Assert.True(i > 0 && ParameterCatalog.All[i - 1].Table == d.Table, $"{d.Key}: its source 'as above' has no row above it");
    }

    [Fact]
    public void Each_declaration_sets_its_own_property_and_no_other()
    {
        var fresh = new ModelParameters();
        foreach (var d in ParameterCatalog.All)
        {
            var p = new ModelParameters();
            var v = d.Default == d.Max ? d.Min : d.Max;
            d.Set(p, v);
            Assert.Equal(v, Number(p, d));
            foreach (var other in ParameterCatalog.All.Where(o => o != d))
                Assert.True(Equals(Value(fresh, other), Value(p, other)), $"setting {d.Key} changed {other.Property}");
        }
    }

    [Fact]
    public void A_fresh_ModelParameters_holds_every_declared_default()
    {
        var p = new ModelParameters();
        Assert.All(ParameterCatalog.All, d => Assert.Equal(d.Default, Number(p, d)));
        Assert.Equal(("peer", "immediate"), (p.BgpMraiScope, p.BgpMraiWithdrawals));
        // A few written out, so that a slip in the catalog shows here too.
        Assert.Equal(150, p.CarrierLossDetectMs);
        Assert.Equal(15 * 60_000, p.NegativeTtlMs);
        Assert.Equal(3, p.HealthFailThreshold);
        Assert.Equal(20_000, p.BgpRoutesPerSecond);
        Assert.Equal(0.015, p.ActiveUserFraction);
        Assert.Equal(3.0, p.MbpsPerActiveUser);
    }

    [Fact]
    public void Every_declared_key_loads_and_sets_its_property()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var lines = ParameterCatalog.All.Select(d => $"  {d.Key}: " + d.Kind switch
        {
            ParameterKind.Duration => "24h",
            ParameterKind.Choice => d.Choices![(int)d.Max],
            _ => ParameterDocs.Figure(d.Max).Replace(",", ""),
        });
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(extra: "parameters:\n" + string.Join("\n", lines))));
        Assert.All(ParameterCatalog.All, d => Assert.Equal(d.Max, Number(scenario.Parameters, d)));
        Assert.Equal(24 * 3600 * 1000, scenario.Parameters.ResolverTimeoutMs);
        Assert.Equal(100_000_000, scenario.Parameters.BgpRoutesPerSecond);
    }

    [Fact]
    public void Values_out_of_range_are_errors_at_the_value_naming_the_key()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        string Above(ParameterDeclaration d) => d.Kind switch
        {
            ParameterKind.Duration => "25h",
            ParameterKind.Choice => "neither",
            _ => (d.Max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var errors = LoadErrors(t, ParameterCatalog.All, Above);
        Assert.Equal(ParameterCatalog.All.Count, errors.Count);
        // The texts the loader has always given.
        Assert.Contains("s.yaml:7:24: 'carrier_loss_detect' is 25h; it must be between 0s and 24h00m00s", errors);
        Assert.Contains(errors, e => e.EndsWith(": 'health_fail_threshold' is 1001; it must be between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith(": 'bgp_routes_per_second' is 100000001; it must be between 1 and 100000000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith(": 'active_user_fraction' is 2; it must be between 0 and 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith(": 'mbps_per_active_user' is 10001; it must be between 0 and 10000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith(": 'bgp_mrai_scope' is 'neither'; expected one of peer, prefix", StringComparison.Ordinal));

        var positive = ParameterCatalog.All.Where(d => d.Min > 0 && d.Kind == ParameterKind.Duration).ToList();
        Assert.Equal(["igp_retransmit_interval", "health_check_interval", "bgp_damping_half_life", "bgp_damping_max_suppress", "app_retry_interval", "dc_shed_after", "dc_power_settle", "dc_control_step",
            "front_end_check_interval"], positive.Select(d => d.Key));
        var below = LoadErrors(t, positive, _ => "0s");
        Assert.Equal(positive.Select((d, i) => $"s.yaml:{7 + i}:{5 + d.Key.Length}: '{d.Key}' must be at least 1ms"), below);
    }

    /// <summary>The errors (FILE:LINE:COL: message, the file without its folder) of a scenario with each declaration's
    /// key on a line of its own (from line 7).</summary>
    private static List<string> LoadErrors(TempScenario t, IReadOnlyList<ParameterDeclaration> declarations, Func<ParameterDeclaration, string> value)
    {
        var lines = declarations.Select(d => $"  {d.Key}: {value(d)}");
        var path = t.Write("s.yaml", TempScenario.Scenario(extra: "parameters:\n" + string.Join("\n", lines)));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        var located = ex.Errors.Select(e => $"{Path.GetFileName(e.Location.File)}:{e.Location.Line}:{e.Location.Column}: {e.Message}").ToList();
        // Each at its value: line 7 on, column after "  key: ".
        Assert.All(ex.Errors, e =>
        {
            var i = declarations.ToList().FindIndex(d => e.Message.StartsWith($"'{d.Key}' ", StringComparison.Ordinal));
            Assert.True(i >= 0, $"an error names no key: {e}");
            Assert.Equal((7 + i, 5 + declarations[i].Key.Length), (e.Location.Line, e.Location.Column));
        });
        return located;
    }

    /// <summary>
    /// The schema's parameters and the docs' tables are what the catalog generates. With UPDATE_GENERATED=1 this
    /// rewrites them instead (and passes).
    /// </summary>
    [Fact]
    public void Generated_schema_and_docs_match_the_catalog()
    {
        var problems = new List<string>();
        foreach (var group in ParameterDocs.MarkdownRegions().GroupBy(r => r.File))
        {
            var path = RepoPaths.File(Path.Combine("docs", group.Key));
            var text = File.ReadAllText(path);
            var updated = text;
            foreach (var (_, id, expected) in group)
                updated = Region(updated, $"docs/{group.Key} ({id})", ParameterDocs.BeginMarker(id), ParameterDocs.EndMarker(id), expected, problems);
            if (Updating && updated != text) File.WriteAllText(path, updated);
        }

        var schema = File.ReadAllText(SchemaPath);
        var begin = schema.IndexOf("\n    \"parameters\": {\n", StringComparison.Ordinal);
        var open = begin < 0 ? -1 : schema.IndexOf("\n      \"properties\": {\n", begin, StringComparison.Ordinal);
        var close = open < 0 ? -1 : schema.IndexOf("\n      }\n", open, StringComparison.Ordinal);
        if (close < 0) problems.Add("scenarios/schema/scenario.schema.json: no definitions.parameters.properties object to generate into");
        else
        {
            var start = open + "\n      \"properties\": {\n".Length;
            var found = schema[start..(close + 1)];
            var expected = ParameterDocs.SchemaProperties();
            if (found != expected)
            {
                problems.Add("scenarios/schema/scenario.schema.json (definitions.parameters.properties): " + FirstDifference(expected, found));
                if (Updating) File.WriteAllText(SchemaPath, schema[..start] + expected + schema[(close + 1)..]);
            }
        }

        if (Updating) return;
        Assert.True(problems.Count == 0,
            "generated from ParameterCatalog but edited since (or the catalog changed):\n" + string.Join("\n", problems) +
            $"\nTo regenerate: {ParameterDocs.Regenerate}");
    }

    /// <summary>The text with its region <paramref name="id"/> set to <paramref name="expected"/>; a difference is a problem.</summary>
    private static string Region(string text, string where, string beginMarker, string endMarker, string expected, List<string> problems)
    {
        var beginPrefix = beginMarker[..(beginMarker.IndexOf(',') + 1)];
        var begin = text.IndexOf("\n" + beginPrefix, StringComparison.Ordinal);
        var end = begin < 0 ? -1 : text.IndexOf("\n" + endMarker + "\n", begin, StringComparison.Ordinal);
        if (end < 0)
        {
            problems.Add($"{where}: no region between '{beginMarker}' and '{endMarker}' (put the two lines where the table belongs)");
            return text;
        }
        var lineEnd = text.IndexOf('\n', begin + 1);
        var found = text[(lineEnd + 1)..(end + 1)];
        var marker = text[(begin + 1)..lineEnd];
        if (found == expected && marker == beginMarker) return text;
        problems.Add($"{where}: " + (found == expected ? $"the opening comment should read '{beginMarker}'" : FirstDifference(expected, found)));
        return text[..(begin + 1)] + beginMarker + "\n" + expected + text[(end + 1)..];
    }

    private static string FirstDifference(string expected, string found)
    {
        var e = expected.Split('\n');
        var f = found.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, f.Length); i++)
        {
            var x = i < e.Length ? e[i] : "(nothing)";
            var y = i < f.Length ? f[i] : "(nothing)";
            if (x != y) return $"line {i + 1} of the region differs:\n    catalog:    {x}\n    file:       {y}";
        }
        return "the texts differ";
    }

    /// <summary>The docs' tables are in the sections that link to them.</summary>
    [Theory]
    [InlineData("scenario-format.md", "## Parameters", "parameters keys")]
    [InlineData("model.md", "## Defaults (`ModelParameters`)", "parameters Defaults")]
    [InlineData("model.md", "## BGP design and session defaults", "parameters BgpSessions")]
    [InlineData("model.md", "## Backbone traffic", "parameters Traffic")]
    public void The_generated_tables_stand_in_their_sections(string doc, string heading, string id)
    {
        var text = File.ReadAllText(RepoPaths.File(Path.Combine("docs", doc)));
        var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{doc} has no '{heading}' section");
        var end = text.IndexOf("\n## ", start + heading.Length + 2, StringComparison.Ordinal);
        Assert.Contains(ParameterDocs.BeginMarker(id), text[start..(end < 0 ? text.Length : end)]);
    }
}
