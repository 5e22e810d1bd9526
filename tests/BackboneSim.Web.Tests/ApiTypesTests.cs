using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackboneSim.Engine;
using BackboneSim.Web.Api;
using BackboneSim.Web.Live;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Scenarios;
using BackboneSim.Web.Sessions;

namespace BackboneSim.Web.Tests;

/// <summary>
/// The page's TypeScript API types (ClientApp/src/types.ts, sessionTypes.ts) against the C# records the host
/// serializes (camelCase, nulls left out, ApiJson): every interface has its record, every field its property and no
/// more, a field is optional (<c>name?:</c>) exactly when the property may be null, and number, string, boolean,
/// array, map and nested-object fields match the property's type. A field renamed on one side fails here rather than
/// as an undefined in the browser.
/// </summary>
public class ApiTypesTests
{
    /// <summary>Each exported interface and the record it mirrors.</summary>
    private static readonly Dictionary<string, Type> Contracts = new(StringComparer.Ordinal)
    {
        ["ScenarioEntry"] = typeof(ScenarioEntry),
        ["RunStatus"] = typeof(RunStatus),
        ["StateChange"] = typeof(StateChange),
        ["LinkLoad"] = typeof(LinkLoad),
        ["LoadChange"] = typeof(LoadChange),
        ["Moment"] = typeof(Moment),
        ["EventPage"] = typeof(EventPage),
        ["Batch"] = typeof(Batch),
        ["SiteView"] = typeof(SiteView),
        ["NodeView"] = typeof(NodeView),
        ["LinkView"] = typeof(LinkView),
        ["Topology"] = typeof(TopologyPage),
        ["SeriesPage"] = typeof(SeriesPage),
        ["WhyAnswer"] = typeof(WhyAnswer),
        ["SessionCreated"] = typeof(SessionCreated),
        ["SessionJoined"] = typeof(SessionJoined),
        ["CheckpointView"] = typeof(CheckpointView),
        ["NarrationLine"] = typeof(NarrationLine),
        ["SessionView"] = typeof(SessionView),
    };

    /// <summary>SimEvent is an --events line (docs/outputs.md), rendered by the engine's writer, not a record: held to a real line.</summary>
    private const string EventLine = "SimEvent";

    private static readonly NullabilityInfoContext Nullability = new();

    [Fact]
    public void Every_api_interface_matches_the_record_the_host_sends()
    {
        var interfaces = TsInterfaces.Parse("types.ts").Concat(TsInterfaces.Parse("sessionTypes.ts")).ToList();
        var problems = new List<string>();
        foreach (var ts in interfaces)
        {
            if (ts.Name == EventLine) continue;
            if (!Contracts.TryGetValue(ts.Name, out var type)) { problems.Add($"{ts.Name}: no C# record is mapped to it in {nameof(ApiTypesTests)}.{nameof(Contracts)}"); continue; }
            Compare(ts.Name, ts.Fields, type, problems);
        }
        foreach (var name in Contracts.Keys.Except(interfaces.Select(i => i.Name)))
            problems.Add($"{name}: mapped to {Contracts[name].Name} but not exported by types.ts or sessionTypes.ts");
        Assert.True(problems.Count == 0, "TypeScript API types and C# contracts differ:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_event_interface_has_the_fields_of_an_events_line()
    {
        var ts = TsInterfaces.Parse("types.ts").Single(i => i.Name == EventLine);
        var text = new StringWriter();
        new JsonLinesEventWriter(text, DateTimeOffset.UnixEpoch).OnWindow(0,
            [new LoggedEvent { Id = 1, Cause = null, Ms = 0, Kind = "scenario.action", Node = 0, NodeName = "scenario", DataJson = "{}" }]);
        using var line = JsonDocument.Parse(text.ToString().Split('\n')[0]);
        Assert.Equal(line.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
            ts.Fields.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_renamed_field_is_caught()
    {
        // The check itself must be able to fail: a field the record does not have, and one it has that is missing.
        var problems = new List<string>();
        Compare("Moment", [new TsField("eventId", "number", false), new TsField("ms", "number", false), new TsField("text", "string", false)], typeof(Moment), problems);
        Assert.Contains(problems, p => p.Contains("'text'") && p.Contains("no such property"));
        Assert.Contains(problems, p => p.Contains("'what'") && p.Contains("not in the interface"));
    }

    private static void Compare(string where, IReadOnlyList<TsField> fields, Type type, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!properties.TryGetValue(field.Name, out var property)) { problems.Add($"{where}.{field.Name}: the interface has '{field.Name}', {type.Name} has no such property"); continue; }
            var nullable = IsNullable(property);
            if (field.Optional != nullable)
                problems.Add($"{where}.{field.Name}: {(field.Optional ? "optional in TypeScript but never null in C#" : "required in TypeScript but may be null (and is then left out) in C#")}");
            CompareType($"{where}.{field.Name}", field.Type, property.PropertyType, problems);
        }
        foreach (var missing in properties.Keys.Except(fields.Select(f => f.Name)))
            problems.Add($"{where}: {type.Name} sends '{missing}', which is not in the interface");
    }

    private static void CompareType(string where, string ts, Type type, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ts.EndsWith("[]", StringComparison.Ordinal))
        {
            if (type == typeof(RawJson)) return; // already-rendered event lines
            var element = ElementType(type);
            if (element is null) { problems.Add($"{where}: an array in TypeScript, {type.Name} in C#"); return; }
            CompareType(where + "[]", ts[..^2].Trim('(', ')'), element, problems);
            return;
        }
        if (ts.StartsWith('{'))
        {
            Compare(where, TsInterfaces.Fields(ts[1..^1]), type, problems);
            return;
        }
        if (ts.StartsWith("Record<", StringComparison.Ordinal))
        {
            if (!type.IsGenericType || type.GetGenericArguments().Length != 2) problems.Add($"{where}: a map in TypeScript, {type.Name} in C#");
            return;
        }
        var ok = ts switch
        {
            "number" => type == typeof(int) || type == typeof(long) || type == typeof(double),
            "boolean" => type == typeof(bool),
            "string" => type == typeof(string) || type == typeof(DateTimeOffset),
            "unknown" => true,
            _ when ts.StartsWith('\'') => type == typeof(string), // a union of string literals
            _ when Contracts.TryGetValue(ts, out var mapped) => type == mapped,
            _ when ts == EventLine => type == typeof(RawJson),
            _ => false,
        };
        if (!ok) problems.Add($"{where}: '{ts}' in TypeScript, {type.Name} in C#");
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static bool IsNullable(PropertyInfo property)
        => Nullable.GetUnderlyingType(property.PropertyType) is not null
           || (!property.PropertyType.IsValueType && Nullability.Create(property).ReadState == NullabilityState.Nullable);
}

public sealed record TsField(string Name, string Type, bool Optional);

public sealed record TsInterface(string Name, IReadOnlyList<TsField> Fields);

/// <summary>Reads the exported interfaces of one ClientApp source file: names, fields, their types and whether optional.</summary>
public static class TsInterfaces
{
    /// <summary>The page's TypeScript sources.</summary>
    public static readonly string Src = Path.Combine(BackboneSim.Tests.Shared.RepoPaths.Root, "client", "BackboneSim.Web", "ClientApp", "src");

    public static List<TsInterface> Parse(string file)
    {
        var text = File.ReadAllText(Path.Combine(Src, file));
        text = Regex.Replace(text, @"/\*.*?\*/", "", RegexOptions.Singleline);
        text = Regex.Replace(text, @"//[^\n]*", "");
        var result = new List<TsInterface>();
        foreach (Match m in Regex.Matches(text, @"export interface (\w+)\s*\{"))
        {
            var start = m.Index + m.Length;
            var end = Closing(text, start - 1);
            result.Add(new TsInterface(m.Groups[1].Value, Fields(text[start..end])));
        }
        return result;
    }

    /// <summary>The fields of an object type's body: `name?: type` separated by ; or new lines, nested braces kept whole.</summary>
    public static List<TsField> Fields(string body)
    {
        var fields = new List<TsField>();
        var depth = 0;
        var current = new System.Text.StringBuilder();
        foreach (var c in body + ";")
        {
            if (c == '{') depth++;
            if (c == '}') depth--;
            if (depth == 0 && c is ';' or '\n')
            {
                var part = current.ToString().Trim();
                current.Clear();
                if (part.Length == 0) continue;
                var m = Regex.Match(part, @"^(\w+)(\??):\s*(.+)$", RegexOptions.Singleline);
                if (!m.Success) throw new FormatException($"cannot read the TypeScript field '{part}'");
                fields.Add(new TsField(m.Groups[1].Value, Regex.Replace(m.Groups[3].Value.Trim(), @"\s+", " "), m.Groups[2].Value == "?"));
                continue;
            }
            current.Append(c);
        }
        return fields;
    }

    private static int Closing(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        throw new FormatException("unbalanced braces");
    }
}
