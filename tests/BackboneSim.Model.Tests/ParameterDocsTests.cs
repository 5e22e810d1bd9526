using System.Text.Json;
using System.Text.RegularExpressions;
using BackboneSim.Model.Scenario;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Model.Tests;

/// <summary>The documented <c>parameters:</c> keys are the ones the loader and the JSON Schema accept (issue 14).</summary>
public class ParameterDocsTests
{
    private static string Section(string doc, string heading)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", doc));
        var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{doc} has no '{heading}' section");
        var end = text.IndexOf("\n## ", start + heading.Length + 2, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }

    /// <summary>The parameters table of docs/scenario-format.md: each key with the type its row gives.</summary>
    private static List<(string Key, string Type)> TableKeys()
    {
        var rows = Section("scenario-format.md", "## Parameters").Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        return rows.SelectMany(row =>
        {
            var cells = row.Split('|');
            return Regex.Matches(cells[1], "`([a-z_]+)`").Select(m => (m.Groups[1].Value, cells[2].Trim()));
        }).ToList();
    }

    [Fact]
    public void Every_key_in_the_docs_parameter_table_loads_and_is_in_the_schema()
    {
        var keys = TableKeys();
        Assert.Contains(keys, k => k.Key == "negative_ttl");
        Assert.Contains(keys, k => k.Key == "resolver_timeout");
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var values = keys.Select(k => $"  {k.Key}: " + k.Type switch
        {
            "duration" => "1s",
            "integer" => "1",
            "number" => "0.5",
            _ => throw new InvalidOperationException($"the parameters table gives '{k.Key}' the unknown type '{k.Type}'"),
        });
        var path = t.Write("s.yaml", TempScenario.Scenario(extra: "parameters:\n" + string.Join("\n", values)));
        var scenario = ScenarioLoader.Load(path); // an unknown key would throw, naming it
        Assert.Equal(1000, scenario.Parameters.ResolverTimeoutMs);
        Assert.Equal(1000, scenario.Parameters.NegativeTtlMs);

        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "scenarios", "schema", "scenario.schema.json")));
        var properties = schema.RootElement.GetProperty("definitions").GetProperty("parameters").GetProperty("properties");
        Assert.All(keys, k => Assert.True(properties.TryGetProperty(k.Key, out _), $"the schema's parameters lack '{k.Key}'"));
    }

    [Fact]
    public void Every_model_default_is_a_documented_parameter()
    {
        var documented = Regex.Matches(Section("scenario-format.md", "## Parameters"), "`([a-z_]+)`").Select(m => m.Groups[1].Value).ToHashSet();
        var defaults = Section("model.md", "## Defaults (`ModelParameters`)").Split('\n')
            .Select(l => Regex.Match(l, "^\\| `([a-z_]+)` \\|")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(defaults);
        Assert.All(defaults, key => Assert.Contains(key, documented));
    }
}
