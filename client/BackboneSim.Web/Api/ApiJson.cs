using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackboneSim.Web.Api;

/// <summary>JSON already rendered (event lines in the docs/outputs.md format), written into a response as is.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Text)
{
    /// <summary>A JSON array of already-rendered JSON values.</summary>
    public static RawJson Array(IEnumerable<string> items) => new("[" + string.Join(',', items) + "]");
}

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return new RawJson(doc.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text, skipInputValidation: true);
}

/// <summary>
/// One JSON style for the API and the hub: camelCase names, nulls left out, and the default encoder, which escapes
/// HTML-sensitive characters (&lt; &gt; &amp; ' ") in every string: text from scenarios and learners stays inert even
/// if a response were ever read as HTML. Unknown fields in a request body are errors.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.MaxDepth = 16;
        o.Encoder = JavaScriptEncoder.Default;
        // A field an endpoint does not take is refused with its name (RunsApi.ReadBody), not ignored: a misspelt
        // "untill" or a field meant for another endpoint would otherwise pass silently.
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
