namespace BackboneSim.Web.Hosting;

/// <summary>
/// How many runs and teaching sessions the host keeps, in all and per client address, and how long an idle one stays
/// (docs/web.md#limits). Idle: no control call and nobody watching it over the hub. The default idle time is half a
/// day of class (4 h): a run or session set up before a morning class survives a long lunch, and one abandoned in a
/// browser tab is gone by the afternoon's.
/// </summary>
public sealed record HostLimits(int MaxRuns, int RunsPerClient, int MaxSessions, int SessionsPerClient, TimeSpan IdleExpiry)
{
    public const string MaxRunsKey = "Limits:MaxRuns";
    public const string RunsPerClientKey = "Limits:RunsPerClient";
    public const string MaxSessionsKey = "Limits:MaxSessions";
    public const string SessionsPerClientKey = "Limits:SessionsPerClient";
    public const string IdleMinutesKey = "Limits:IdleMinutes";

    public static readonly HostLimits Default = new(8, 3, 4, 2, TimeSpan.FromHours(4));

    /// <summary>The limits from configuration; FormatException (the host exits 2) for a value that is not a positive whole number.</summary>
    public static HostLimits FromConfiguration(IConfiguration configuration)
    {
        int Read(string key, int fallback)
            => configuration[key] is not { Length: > 0 } text ? fallback
                : int.TryParse(text, out var n) && n > 0 ? n
                : throw new FormatException($"{key} must be a whole number above 0, not '{text}'");
        return new HostLimits(
            Read(MaxRunsKey, Default.MaxRuns), Read(RunsPerClientKey, Default.RunsPerClient),
            Read(MaxSessionsKey, Default.MaxSessions), Read(SessionsPerClientKey, Default.SessionsPerClient),
            TimeSpan.FromMinutes(Read(IdleMinutesKey, (int)Default.IdleExpiry.TotalMinutes)));
    }
}
