using System.Globalization;
using System.Text.RegularExpressions;

namespace BackboneSim.Model.Scenario;

/// <summary>Parses the time notations of scenario files: durations ("8h", "1h30m", "250ms") and times of day.</summary>
public static partial class TimeText
{
    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();

    /// <summary>A duration in ms, or null when the text is not one.</summary>
    public static long? ParseDuration(string text)
    {
        text = text.Trim();
        if (!DurationPattern().IsMatch(text)) return null;
        double total = 0;
        foreach (Match m in DurationPart().Matches(text))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch { "ms" => n, "s" => n * 1e3, "m" => n * 60e3, "h" => n * 3600e3, _ => n * 86400e3 };
        }
        return total > long.MaxValue / 4 ? null : (long)Math.Round(total);
    }

    /// <summary>Whether the text is written as a duration, even one too long for <see cref="ParseDuration"/>.</summary>
    public static bool IsDurationSyntax(string text) => DurationPattern().IsMatch(text.Trim());

    public static string FormatDuration(long ms)
    {
        var t = TimeSpan.FromMilliseconds(ms);
        if (ms % 1000 != 0) return $"{ms}ms";
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{t.Seconds}s";
    }

    /// <summary>
    /// A point in the run as ms since its start: "+9m" (relative), "15:39:00" (UTC time of day on the start's date,
    /// or the next day when earlier than the start), or a full ISO-8601 timestamp. Null when not one of these.
    /// </summary>
    public static long? ParseInstant(string text, DateTimeOffset start)
    {
        text = text.Trim();
        if (text.StartsWith('+')) return ParseDuration(text[1..]);
        if (TimeSpan.TryParseExact(text, [@"hh\:mm\:ss", @"h\:mm\:ss", @"hh\:mm", @"h\:mm", @"hh\:mm\:ss\.fff"], CultureInfo.InvariantCulture, out var tod))
        {
            var at = new DateTimeOffset(start.UtcDateTime.Date + tod, TimeSpan.Zero);
            if (at < start) at = at.AddDays(1);
            return (long)(at - start).TotalMilliseconds;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var abs))
            return (long)(abs - start).TotalMilliseconds;
        return null;
    }
}
