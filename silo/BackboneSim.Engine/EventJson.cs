using System.Buffers;
using System.Text;
using System.Text.Json;

namespace BackboneSim.Engine;

/// <summary>Renders event data as a compact JSON object, keys in the order given, so the log is byte-stable.</summary>
public static class EventJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = false };

    public static string Render(IReadOnlyList<(string Key, object? Value)> data)
    {
        if (data.Count == 0) return "{}";
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            foreach (var (key, value) in data)
            {
                w.WritePropertyName(key);
                WriteValue(w, value);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(Math.Round(d, 6)); break;
            case IEnumerable<string> strings:
                w.WriteStartArray();
                foreach (var s in strings) w.WriteStringValue(s);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"event data values must be string, bool or number, not {value.GetType().Name}");
        }
    }
}
