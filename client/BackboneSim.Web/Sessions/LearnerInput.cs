using System.Globalization;
using System.Text;

namespace BackboneSim.Web.Sessions;

/// <summary>
/// What a learner may send: a display name and free-text answers, trimmed and checked. Characters that could hide or
/// reorder text (control and format characters, such as bidi overrides) are refused; markup characters are kept
/// as text, because the page renders with textContent and the JSON encoder escapes them.
/// </summary>
public static class LearnerInput
{
    public const int MaxNameLength = 40;
    public const int MaxAnswerLength = 500;

    public static string? Name(string? raw, out string? error) => Clean(raw, MaxNameLength, allowNewLines: false, "name", out error);

    public static string? Answer(string? raw, out string? error) => Clean(raw, MaxAnswerLength, allowNewLines: true, "answer", out error);

    private static string? Clean(string? raw, int max, bool allowNewLines, string what, out string? error)
    {
        error = null;
        var text = raw?.Normalize(NormalizationForm.FormC).Trim();
        if (string.IsNullOrEmpty(text)) { error = $"give a {what}"; return null; }
        if (text.Length > max) { error = $"the {what} is longer than {max} characters"; return null; }
        foreach (var c in text)
        {
            if (allowNewLines && c == '\n') continue;
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                error = $"the {what} has a control or invisible character; use plain text";
                return null;
            }
        }
        return text;
    }
}
