using System.Text;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// Text from a scenario made safe to print in an error: control characters (ESC sequences that recolour or clear a
/// terminal, BEL, a newline that would forge a second FILE:LINE:COL line) and the bidirectional overrides that
/// reorder what a reader sees are written as escapes (<c>\n</c>, <c>\u001b</c>); everything else is kept.
/// </summary>
public static class EscapedText
{
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text) sb.Append(NeedsEscape(c) ? Char(c) : c.ToString());
        return sb.ToString();
    }

    /// <summary>One character as it is printed: an escape for a control character, itself otherwise.</summary>
    public static string Char(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    };

    private static bool NeedsEscape(char c)
        => char.IsControl(c) // C0, DEL and C1
           || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' // bidirectional embeddings, overrides, isolates
           || c is '\u2028' or '\u2029'; // line and paragraph separators
}
