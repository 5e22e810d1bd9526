using BackboneSim.Web.Api;
using BackboneSim.Web.Runs;
using Microsoft.AspNetCore.SignalR;

namespace BackboneSim.Web.Live;

/// <summary>One hub message: where the run stands and what was released since the previous message.</summary>
public sealed record Batch(RunStatus Status, EventPage? Page);

/// <summary>
/// The host's pusher, after Orleans' GPSTracker sample: producers never call the hub per event. Every
/// <see cref="Interval"/> it looks at each run that has viewers and, if anything changed, sends one <c>batch</c>
/// to that run's group: the status plus every event released since the last batch (up to
/// <see cref="MaxEventsPerBatch"/>; the rest goes in the next one). SignalR serialises a group message once per
/// protocol and fans it out, so 200 viewers cost one serialisation. With a co-hosted silo this host is the silo,
/// so it is the per-silo pusher; a run's events are only ever pushed by the host that runs it.
/// </summary>
public sealed class LivePusher(RunRegistry runs, RunViewers viewers, IHubContext<RunHub> hub, ILogger<LivePusher> log)
    : PeriodicPusher<WebRun, (long Version, long Sent)>(Interval, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    public const int MaxEventsPerBatch = 2_000;

    protected override IEnumerable<WebRun> Items() => runs.All;
    protected override string IdOf(WebRun run) => $"run {run.Id}";

    protected override async Task PushAsync(WebRun run, CancellationToken ct)
    {
        var (version, sent) = Cursors.GetValueOrDefault(IdOf(run), (-1, 0));
        Batch? batch = null;
        long newSent = 0, newVersion = 0;
        run.Read(r =>
        {
            newVersion = r.Version;
            newSent = r.Log.ReleasedCount;
            if (viewers.Count(r.Id) == 0) return 0; // nobody watching: nothing to send, and no backlog kept
            if (newVersion == version && newSent == sent) return 0;
            var lines = r.Log.Lines(sent, MaxEventsPerBatch);
            newSent = sent + lines.Count;
            batch = new Batch(r.Status(), lines.Count == 0 ? null : EventPage.Build(r, sent, lines));
            return 0;
        });
        // A batch that held back events leaves the version unseen so the next tick continues.
        Cursors[IdOf(run)] = (batch?.Page is { } p && newSent < run.Read(r => r.Log.ReleasedCount) ? version : newVersion, newSent);
        if (batch is not null) await hub.Clients.Group(RunHub.Group(run.Id)).SendAsync(RunHub.BatchMessage, batch, ct);
    }
}
