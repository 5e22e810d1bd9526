using System.Text.Json;
using System.Text.RegularExpressions;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Ops.Tests;

/// <summary>docs/grafana/backbonesim.json: its queries must name metrics the host really exports.</summary>
public static partial class GrafanaDashboard
{
    public static readonly string Path = RepoPaths.File("docs/grafana/backbonesim.json");

    /// <summary>Every panel's PromQL expression.</summary>
    public static IReadOnlyList<string> Expressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path));
        var found = new List<string>();
        Collect(doc.RootElement, found);
        return found;
    }

    /// <summary>Each metric name in each expression (backbonesim_… or orleans_…) is one of <paramref name="exported"/>.</summary>
    public static void AssertQueriesUse(ISet<string> exported)
    {
        var expressions = Expressions();
        Assert.True(expressions.Count >= 8, $"the dashboard has {expressions.Count} queries");
        foreach (var expr in expressions)
        {
            var names = MetricName().Matches(expr).Select(m => m.Value).ToList();
            Assert.True(names.Count > 0, $"no BackboneSim or Orleans metric in '{expr}'");
            foreach (var name in names)
                Assert.True(exported.Contains(name), $"'{expr}' uses {name}, which /metrics does not export");
        }
    }

    private static void Collect(JsonElement e, List<string> found)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    if (p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String) found.Add(p.Value.GetString()!);
                    else Collect(p.Value, found);
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Collect(x, found);
                break;
        }
    }

    [GeneratedRegex(@"\b(backbonesim|orleans)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
