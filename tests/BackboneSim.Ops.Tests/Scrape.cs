using System.Globalization;
using System.Text.RegularExpressions;

namespace BackboneSim.Ops.Tests;

/// <summary>One sample line of a Prometheus text exposition: name, labels, value.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A scrape of /metrics, parsed just enough to find series by name and label.</summary>
public sealed partial class Scrape(string text, IReadOnlyList<Sample> samples)
{
    public string Text { get; } = text;
    public IReadOnlyList<Sample> Samples { get; } = samples;

    /// <summary>Metric names that have at least one sample.</summary>
    public ISet<string> Names => Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The runs that have per-run series (from backbonesim_run_info).</summary>
    public ISet<string> Runs => Of("backbonesim_run_info").Select(s => s.Labels["run"]).ToHashSet(StringComparer.Ordinal);

    public IEnumerable<Sample> Of(string name, string? run = null)
        => Samples.Where(s => s.Name == name && (run is null || s.Labels.GetValueOrDefault("run") == run));

    /// <summary>The one sample of a series, failing with what there is when there is not exactly one.</summary>
    public double Value(string name, string run, string? label = null, string? labelValue = null)
    {
        var found = Of(name, run).Where(s => label is null || s.Labels.GetValueOrDefault(label) == labelValue).ToList();
        Assert.True(found.Count == 1, $"expected one sample of {name}{{run=\"{run}\"{(label is null ? "" : $",{label}=\"{labelValue}\"")}}}, found {found.Count}");
        return found[0].Value;
    }

    public static Scrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException($"not a sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in LabelPair().Matches(m.Groups["labels"].Value))
                labels[l.Groups[1].Value] = l.Groups[2].Value.Replace("\\\"", "\"").Replace("\\\\", "\\");
            samples.Add(new Sample(m.Groups["name"].Value, labels, ParseValue(m.Groups["value"].Value)));
        }
        return new Scrape(text, samples);
    }

    private static double ParseValue(string v) => v switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(v, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \S+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
