using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BackboneSim.Model.Nodes.Parameters;

namespace BackboneSim.Model.Tests;

/// <summary>
/// What <see cref="ParameterCatalog"/> generates: the <c>parameters</c> properties of
/// scenarios/schema/scenario.schema.json, the parameter tables of docs/model.md and the key table of
/// docs/scenario-format.md. ParameterDocsTests compares the checked-in text with these and rewrites it when
/// <see cref="UpdateVariable"/> is set.
/// </summary>
public static partial class ParameterDocs
{
    public const string UpdateVariable = "UPDATE_GENERATED";
    public const string Regenerate = "UPDATE_GENERATED=1 dotnet test tests/BackboneSim.Model.Tests --filter ParameterDocsTests";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A generated region in a Markdown file: the lines between these two comments.</summary>
    public static string BeginMarker(string id) =>
        $"<!-- generated: {id}, from silo/BackboneSim.Model/Nodes/Parameters/ParameterCatalog.cs; edit the catalog, then run {Regenerate} -->";

    public static string EndMarker(string id) => $"<!-- end generated: {id} -->";

    /// <summary>The generated Markdown regions: (file under docs/, id, text).</summary>
    public static IEnumerable<(string File, string Id, string Text)> MarkdownRegions() =>
    [
        ("model.md", "parameters Defaults", ModelTable(ParameterTable.Defaults)),
        ("model.md", "parameters BgpSessions", ModelTable(ParameterTable.BgpSessions)),
        ("model.md", "parameters Traffic", ModelTable(ParameterTable.Traffic)),
        ("model.md", "parameters DataPlane", ModelTable(ParameterTable.DataPlane)),
        ("scenario-format.md", "parameters keys", KeyTable()),
    ];

    /// <summary>One docs/model.md table: key, default, use and source of each parameter in it.</summary>
    public static string ModelTable(ParameterTable table)
    {
        var sb = new StringBuilder("| scenario key | default | used for | source or reason |\n|---|---|---|---|\n");
        foreach (var d in ParameterCatalog.All.Where(d => d.Table == table))
            sb.Append($"| `{d.Key}` | {DocDefault(d)} | {d.UsedFor} | {d.Source} |\n");
        return sb.ToString();
    }

    /// <summary>docs/scenario-format.md's table: the keys with the same type and range on one row.</summary>
    public static string KeyTable()
    {
        var sb = new StringBuilder("| key | type | range |\n|---|---|---|\n");
        foreach (var row in ParameterCatalog.All.GroupBy(d => (Type: TypeName(d.Kind), Range: MarkdownRange(d))))
            sb.Append($"| {string.Join(", ", row.Select(d => $"`{d.Key}`"))} | {row.Key.Type} | {row.Key.Range} |\n");
        return sb.ToString();
    }

    /// <summary>The lines inside the schema's <c>definitions.parameters.properties</c>, one property a line.</summary>
    public static string SchemaProperties()
    {
        var lines = ParameterCatalog.All.Select(d =>
        {
            var description = $"{d.Summary} ({Range(d)}{(d.RangeNote is null ? "" : "; " + d.RangeNote)}).";
            var type = d.Kind switch
            {
                ParameterKind.Duration => $"\"$ref\": \"#/definitions/duration\", \"default\": \"{SchemaDuration((long)d.Default)}\"",
                ParameterKind.Choice => $"\"enum\": [{string.Join(", ", d.Choices!.Select(JsonString))}], \"default\": {JsonString(d.Choices![(int)d.Default])}",
                ParameterKind.Integer => "\"type\": [\"integer\", \"string\"], \"pattern\": \"^[-+]?[0-9]+$\", " +
                                         $"\"minimum\": {(long)d.Min}, \"maximum\": {(long)d.Max}, \"default\": {(long)d.Default}",
                _ => "\"type\": [\"number\", \"string\"], \"pattern\": \"^[-+]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)([eE][-+]?[0-9]+)?$\", " +
                     $"\"minimum\": {Json(d.Min)}, \"maximum\": {Json(d.Max)}, \"default\": {Json(d.Default)}",
            };
            return $"        \"{d.Key}\": {{ \"description\": {JsonString(description)}, {type} }}";
        });
        return string.Join(",\n", lines) + "\n";
    }

    public static string TypeName(ParameterKind kind) => kind switch
    {
        ParameterKind.Duration => "duration",
        ParameterKind.Integer => "integer",
        ParameterKind.Choice => "one of",
        _ => "number",
    };

    /// <summary>The range as the schema's description gives it: "0 – 24 h", "1 – 1,000".</summary>
    public static string Range(ParameterDeclaration d) => d.Kind switch
    {
        ParameterKind.Duration => $"{RangeDuration((long)d.Min)} – {RangeDuration((long)d.Max)}",
        ParameterKind.Choice => string.Join(", ", d.Choices!),
        _ => $"{Figure(d.Min)} – {Figure(d.Max)}",
    };

    /// <summary>The range in docs/scenario-format.md: with the unit where it is not a plain count or ratio, and the note.</summary>
    private static string MarkdownRange(ParameterDeclaration d) =>
        Range(d) + (ShownUnit(d) is { } u ? " " + u : "") + (d.RangeNote is null ? "" : "; " + Code(d.RangeNote));

    private static string DocDefault(ParameterDeclaration d) => d.Kind switch
    {
        ParameterKind.Duration => DocDuration((long)d.Default),
        ParameterKind.Choice => $"`{d.Choices![(int)d.Default]}`",
        _ => Figure(d.Default) + (ShownUnit(d) is { } u ? " " + u : ""),
    };

    private static string? ShownUnit(ParameterDeclaration d) => d.Unit is "ms" or "count" or "ratio" or "choice" ? null : d.Unit;

    /// <summary>150 ms, 3 s, 15 min (no hours: 60 min reads as the figure it is).</summary>
    private static string DocDuration(long ms) =>
        ms == 0 ? "0" : ms % 60_000 == 0 ? $"{ms / 60_000} min" : ms % 1000 == 0 ? $"{ms / 1000} s" : $"{ms} ms";

    private static string RangeDuration(long ms) => ms != 0 && ms % 3_600_000 == 0 ? $"{ms / 3_600_000} h" : DocDuration(ms);

    /// <summary>A default as a scenario file writes it: 150ms, 3s, 15m.</summary>
    private static string SchemaDuration(long ms) =>
        ms != 0 && ms % 60_000 == 0 ? $"{ms / 60_000}m" : ms != 0 && ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms}ms";

    /// <summary>1,000; 0.015.</summary>
    public static string Figure(double v) => v.ToString("#,0.##########", Inv);

    private static string Json(double v) => v.ToString("R", Inv);

    private static string JsonString(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Scenario keys in running text as code: "at least `dc_cold_capacity`".</summary>
    private static string Code(string text) => SnakeCase().Replace(text, m => $"`{m.Value}`");

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b")]
    private static partial Regex SnakeCase();
}
