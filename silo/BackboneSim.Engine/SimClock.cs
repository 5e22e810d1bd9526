using System.Globalization;

namespace BackboneSim.Engine;

/// <summary>Virtual time helpers: virtual ms since the scenario start to UTC wall-clock text.</summary>
public static class SimClock
{
    public static string Format(DateTimeOffset start, long ms)
        => start.UtcDateTime.AddMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
