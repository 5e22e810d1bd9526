using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackboneSim.Web.Api;

/// <summary>
/// Turns System.Text.Json's refusal of a request body into a message for the caller: which field is unknown (the
/// API's JSON options disallow unmapped members) or of the wrong type, and which fields the endpoint takes.
/// </summary>
public static partial class BodyFields
{
    /// <summary>A field name worth echoing: short and plain. Anything else is "a field" (input is never echoed raw).</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,39}$")]
    private static partial Regex PlainName();

    /// <summary>The camelCase fields of a body record, as the API's JSON names them.</summary>
    public static IReadOnlyList<string> Of<T>()
        => typeof(T).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

    public static string Explain<T>(JsonException ex)
    {
        var takes = $"this endpoint takes {string.Join(", ", Of<T>())} (docs/web.md)";
        // ex.Path is "$.field" (or "$['odd name']") for an error inside the object; "$" or null for a broken document.
        var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('.', '[')[0] : null;
        var named = field is not null && PlainName().IsMatch(field) ? $"'{field}'" : "a field";
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal)) return $"unknown field {named}: {takes}";
        if (field is not null) return $"field {named} has the wrong type or is not valid JSON: {takes}";
        return $"the body is not the JSON object this endpoint takes: {takes}";
    }
}
