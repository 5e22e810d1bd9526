using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Teaching;

namespace BackboneSim.Analysis.Teaching;

/// <summary>
/// Fired narration as JSON Lines (the <c>run --narration</c> file; docs/outputs.md): one object per fired item, in
/// firing order, fields always in the same order. Text is written as the scenario has it (non-ASCII unescaped).
/// </summary>
public sealed class NarrationJsonWriter(TextWriter writer, DateTimeOffset scenarioStart)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Write(FiredNarration fired)
    {
        writer.Write(Line(fired, scenarioStart));
        writer.Write('\n');
    }

    public void Flush() => writer.Flush();

    public static string Line(FiredNarration fired, DateTimeOffset scenarioStart)
    {
        var item = fired.Item;
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, Options))
        {
            j.WriteStartObject();
            j.WriteString("name", item.Name);
            j.WriteNumber("ms", fired.Ms);
            j.WriteString("t", SimClock.Format(scenarioStart, fired.Ms));
            j.WriteString("trigger", item.Trigger switch { NarrationTriggerKind.At => "at", NarrationTriggerKind.After => "after", _ => "on" });
            if (fired.EventId is { } id) j.WriteNumber("cause", id); else j.WriteNull("cause");
            j.WriteString("line", $"{Path.GetFileName(item.Location.File)}:{item.Location.Line}:{item.Location.Column}");
            j.WriteString("audience", item.Audience == NarrationAudience.Instructor ? "instructor" : "all");
            j.WriteString("say", item.Say);
            j.WriteStartObject("highlight");
            Strings(j, "sites", item.HighlightSites);
            Strings(j, "nodes", item.HighlightNodes);
            j.WriteEndObject();
            if (item.Checkpoint is { } c)
            {
                j.WriteStartObject("checkpoint");
                j.WriteString("question", c.Question);
                Strings(j, "choices", c.Choices);
                j.WriteString("answer", c.Answer);
                if (c.AnswerChoice is { } n) j.WriteNumber("answer_choice", n); else j.WriteNull("answer_choice");
                j.WriteString("explain", c.Explain);
                j.WriteBoolean("pause", c.Pause);
                j.WriteEndObject();
            }
            else j.WriteNull("checkpoint");
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Strings(Utf8JsonWriter j, string name, IReadOnlyList<string> values)
    {
        j.WriteStartArray(name);
        foreach (var v in values) j.WriteStringValue(v);
        j.WriteEndArray();
    }
}
