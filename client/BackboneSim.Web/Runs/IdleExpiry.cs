using Microsoft.Extensions.DependencyInjection;
using BackboneSim.Web.Live;
using BackboneSim.Web.Sessions;

namespace BackboneSim.Web.Runs;

/// <summary>
/// Ends what nobody uses: a teaching session whose run, or a plain run that, has had no control call and no watcher
/// for <see cref="Hosting.HostLimits.IdleExpiry"/>. A sweep runs every <see cref="Period"/> and, so that a full
/// host frees expired slots the moment someone needs one, before every run start or session creation.
/// </summary>
public sealed class IdleExpiry(RunRegistry runs, SessionRegistry sessions, RunViewers viewers, [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time, ILogger<IdleExpiry> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The key of the clock that idle times are measured with (a keyed TimeProvider, so that a test can move it
    /// without moving the co-hosted silo's clock).
    /// </summary>
    public const string ClockKey = "idle-expiry";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await SweepAsync();
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>End every idle session and plain run; answers how many were ended.</summary>
    public async Task<int> SweepAsync()
    {
        var ended = 0;
        var now = time.GetUtcNow();
        // A run being watched is in use: its idle time starts when the last watcher leaves.
        foreach (var run in runs.All)
            if (viewers.Count(run.Id) > 0) run.Touch();
        foreach (var session in sessions.All.ToList())
        {
            if (now - session.Run.LastActive < runs.Limits.IdleExpiry) continue;
            if (await sessions.EndAsync(session)) { ended++; log.LogInformation("Session {Session} ended: idle for {Idle}", session.Id, runs.Limits.IdleExpiry); }
        }
        foreach (var run in runs.All.Where(r => r.Owner is null).ToList())
        {
            if (now - run.LastActive < runs.Limits.IdleExpiry) continue;
            if (await runs.EndAsync(run.Id)) { ended++; log.LogInformation("Run {Run} ended: idle for {Idle}", run.Id, runs.Limits.IdleExpiry); }
        }
        return ended;
    }
}
