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
        var now = run.Snapshot; // the latest the run's loop published: no lock, the loop never waits for a push
        Batch? batch = null;
        long newSent = now.Log.ReleasedCount, newVersion = now.Version;
        // Nobody watching: nothing to send, and no backlog kept.
        if (viewers.Count(run.Id) > 0 && (newVersion != version || newSent != sent))
        {
            var lines = now.Log.Lines(sent, MaxEventsPerBatch);
            newSent = sent + lines.Count;
            batch = new Batch(now.Status, lines.Count == 0 ? null : EventPage.Build(now.Log, sent, lines));
        }
        // A batch that held back events leaves the version unseen so the next tick continues.
        Cursors[IdOf(run)] = (batch?.Page is not null && newSent < now.Log.ReleasedCount ? version : newVersion, newSent);
        if (batch is not null) await hub.Clients.Group(RunHub.Group(run.Id)).SendAsync(RunHub.BatchMessage, batch, ct);
    }
}
