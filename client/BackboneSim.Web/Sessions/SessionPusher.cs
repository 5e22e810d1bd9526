using BackboneSim.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace BackboneSim.Web.Sessions;

/// <summary>
/// Sends each session's view to its two hub groups when it changed: one <c>session</c> message to the learners'
/// group (one serialisation however many learners) and one to the instructor's. Looks every <see cref="Interval"/>,
/// so a burst of answers costs the instructor one message per interval. Events themselves go in the run's batches.
/// </summary>
public sealed class SessionPusher(SessionRegistry sessions, IHubContext<RunHub> hub, ILogger<SessionPusher> log)
    : PeriodicPusher<Session, (string Learners, string Instructor)>(Interval, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static string Group(string sessionId, SessionRole role) => $"session:{sessionId}:{(role == SessionRole.Instructor ? "instructor" : "learners")}";

    protected override IEnumerable<Session> Items() => sessions.All;
    protected override string IdOf(Session session) => $"session {session.Id}";

    protected override async Task PushAsync(Session session, CancellationToken ct)
    {
        // What the views depend on: released narration, where the run paused, reveals; and for the instructor the answers.
        var current = session.Run;
        var now = current.Snapshot;
        var run = $"{current.Id}/{now.Narration!.Count}/{now.PausedAt}";
        var learners = $"{run}/{session.Version}";
        var instructor = $"{learners}/{session.InstructorVersion}";
        var sent = Cursors.GetValueOrDefault(IdOf(session));
        if (sent.Learners != learners)
            await hub.Clients.Group(Group(session.Id, SessionRole.Learner)).SendAsync(RunHub.SessionMessage, session.View(SessionRole.Learner, null), ct);
        if (sent.Instructor != instructor)
            await hub.Clients.Group(Group(session.Id, SessionRole.Instructor)).SendAsync(RunHub.SessionMessage, session.View(SessionRole.Instructor, null), ct);
        Cursors[IdOf(session)] = (learners, instructor);
    }
}
