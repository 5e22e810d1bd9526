namespace BackboneSim.Web.Runs;

/// <summary>A limit on runs or sessions is reached; <see cref="FreesAt"/>: when the earliest slot frees if nobody uses it (null: unknown).</summary>
public sealed class RunLimitException(string message, DateTimeOffset? freesAt) : Exception(message)
{
    public DateTimeOffset? FreesAt { get; } = freesAt;

    /// <summary>" The earliest frees at 13:05 UTC (in 2 h 10 min) if nobody watches or controls it." for a message.</summary>
    public static string FreesText(DateTimeOffset? at, TimeProvider time)
    {
        if (at is not { } when) return "";
        var wait = when - time.GetUtcNow();
        var inText = wait.TotalMinutes < 1 ? "in under a minute"
            : wait.TotalHours >= 1 ? $"in {(int)wait.TotalHours} h {wait.Minutes} min"
            : $"in {(int)Math.Ceiling(wait.TotalMinutes)} min";
        return $" The earliest frees at {when.UtcDateTime:HH:mm} UTC ({inText}) if nobody watches or controls it.";
    }
}
