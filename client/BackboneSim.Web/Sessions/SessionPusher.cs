using BackboneSim.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace BackboneSim.Web.Sessions;

/// <summary>
/// Sends each session's view to its two hub groups when it changed: one <c>session</c> message to the learners'
/// group (one serialisation however many learners) and one to the instructor's. Looks every <see cref="Interval"/>,
/// so a burst of answers costs the instructor one message per interval. Events themselves go in the run's batches.
/// </summary>
public sealed class SessionPusher(SessionRegistry sessions, IHubContext<RunHub> hub, ILogger<SessionPusher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, (string Learners, string Instructor)> _sent = new(StringComparer.Ordinal);

    public static string Group(string sessionId, SessionRole role) => $"session:{sessionId}:{(role == SessionRole.Instructor ? "instructor" : "learners")}";

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            foreach (var id in _sent.Keys.Where(id => sessions.Find(id) is null).ToList()) _sent.Remove(id);
            foreach (var session in sessions.All)
            {
                try { await PushAsync(session, ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogWarning(ex, "pushing session {Session} failed", session.Id); }
            }
        }
    }

    private async Task PushAsync(Session session, CancellationToken ct)
    {
        // What the views depend on: released narration, where the run paused, reveals; and for the instructor the answers.
        var run = session.Run.Read(r => $"{r.Id}/{r.Narration!.ReleasedCount}/{r.Narration.PausedAt(r.Clock)}");
        var learners = $"{run}/{session.Version}";
        var instructor = $"{learners}/{session.InstructorVersion}";
        var sent = _sent.GetValueOrDefault(session.Id);
        if (sent.Learners != learners)
            await hub.Clients.Group(Group(session.Id, SessionRole.Learner)).SendAsync(RunHub.SessionMessage, session.View(SessionRole.Learner, null), ct);
        if (sent.Instructor != instructor)
            await hub.Clients.Group(Group(session.Id, SessionRole.Instructor)).SendAsync(RunHub.SessionMessage, session.View(SessionRole.Instructor, null), ct);
        _sent[session.Id] = (learners, instructor);
    }
}
