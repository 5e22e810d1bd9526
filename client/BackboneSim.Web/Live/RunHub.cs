using BackboneSim.Web.Api;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace BackboneSim.Web.Live;

/// <summary>
/// Browsers join a run's group and receive <c>batch</c> messages from the <see cref="LivePusher"/>; they send
/// nothing else (controls go through the REST API, where a plain run's owner token or a session's instructor secret
/// is checked: watching is open to anyone who knows the run's id); a session's viewers join with <see cref="JoinSession"/>. Joining answers with the run's status, so a page knows where
/// the run stands before its first batch.
/// </summary>
public sealed class RunHub(RunRegistry runs, RunViewers viewers, SessionRegistry sessions) : Hub
{
    public const string SessionMessage = "session";

    public const string Path = "/hubs/runs";
    public const string BatchMessage = "batch";

    public static string Group(string runId) => "run:" + runId;

    public async Task<RunStatus> Join(string runId)
    {
        if (!InputRules.IsRunId(runId) || runs.Find(runId) is not { } run) throw new HubException("no run with that id on this host");
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(runId));
        viewers.Joined(Context.ConnectionId, runId);
        run.Touch(); // watched: not idle (IdleExpiry keeps touching it while watched)
        return run.Status();
    }

    /// <summary>
    /// Join a teaching session with the instructor's secret or a learner's token: the connection watches the
    /// session's run and receives <c>session</c> messages for its role. Answers the session as that role sees it.
    /// </summary>
    public async Task<SessionView> JoinSession(string sessionId, string token)
    {
        if (!InputRules.IsRunId(sessionId) || sessions.Find(sessionId) is not { } session) throw new HubException("no session with that id on this host");
        var (role, learner) = session.Authenticate(token);
        if (role == SessionRole.None) throw new HubException("that token does not belong to this session");
        await Join(session.Run.Id);
        await Groups.AddToGroupAsync(Context.ConnectionId, SessionPusher.Group(session.Id, role));
        return session.View(role, learner);
    }

    public async Task Leave(string runId)
    {
        if (!InputRules.IsRunId(runId)) return;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(runId));
        viewers.Left(Context.ConnectionId, runId);
        runs.Find(runId)?.Touch(); // its idle time starts when the last watcher leaves
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var runId in viewers.Disconnected(Context.ConnectionId)) runs.Find(runId)?.Touch();
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Which runs have someone watching (the pusher sends only to those). A connection may watch up to a few runs.</summary>
public sealed class RunViewers
{
    private const int MaxRunsPerConnection = 4;
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _count = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public void Joined(string connection, string run)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connection, out var runs)) _byConnection[connection] = runs = new(StringComparer.Ordinal);
            if (runs.Contains(run)) return;
            if (runs.Count >= MaxRunsPerConnection) throw new HubException($"a connection watches at most {MaxRunsPerConnection} runs");
            runs.Add(run);
            _count[run] = _count.GetValueOrDefault(run) + 1;
        }
    }

    public void Left(string connection, string run)
    {
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connection, out var runs) && runs.Remove(run)) Decrement(run);
        }
    }

    /// <summary>Forget the connection; answers the runs it watched.</summary>
    public IReadOnlyCollection<string> Disconnected(string connection)
    {
        lock (_gate)
        {
            if (!_byConnection.Remove(connection, out var runs)) return [];
            foreach (var run in runs) Decrement(run);
            return runs;
        }
    }

    public int Count(string run)
    {
        lock (_gate) return _count.GetValueOrDefault(run);
    }

    private void Decrement(string run)
    {
        if (--_count[run] <= 0) _count.Remove(run);
    }
}
