using System.Collections.Concurrent;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace BackboneSim.Web.Sessions;

/// <summary>
/// The live teaching sessions of this host, by id and by join code (unique among live sessions). At most
/// <see cref="HostLimits.MaxSessions"/>, <see cref="HostLimits.SessionsPerClient"/> per client address: each holds
/// one of the host's runs, which is never ended to make room for another; a session ends when its instructor ends
/// it, when it has been idle for the idle expiry (<see cref="IdleExpiry"/>), or when the host stops.
/// </summary>
public sealed class SessionRegistry(RunRegistry runs, [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Session> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Session> _byCode = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);

    public IEnumerable<Session> All => _byId.Values;

    public Session? Find(string? id) => id is not null && _byId.TryGetValue(id, out var s) ? s : null;

    public Session? FindByCode(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>Start the session's run (paused at 0) and the session; also returns the instructor's secret, which is kept nowhere else.</summary>
    public async Task<(Session Session, string Secret)> CreateAsync(ScenarioDefinition scenario, ScenarioBundle bundle, SessionSource source, CancellationToken ct,
        string client = "?")
    {
        await _creating.WaitAsync(ct);
        try
        {
            var limits = runs.Limits;
            var mine = _byId.Values.Where(s => s.Client == client).ToList();
            if (mine.Count >= limits.SessionsPerClient)
            {
                var frees = mine.Min(s => runs.ExpiresAt(s.Run));
                throw new RunLimitException($"you already have {mine.Count} teaching sessions on this host (the limit per client is {limits.SessionsPerClient}): " +
                    "end one (DELETE /api/sessions/ID with its instructor's secret)." + RunLimitException.FreesText(frees, time), frees);
            }
            if (_byId.Count >= limits.MaxSessions)
            {
                var frees = _byId.Values.Min(s => runs.ExpiresAt(s.Run));
                throw new RunLimitException($"this host already has {_byId.Count} teaching sessions (its limit is {limits.MaxSessions}): end one of yours." +
                    RunLimitException.FreesText(frees, time), frees);
            }
            var id = SessionSecrets.NewId(16);
            string code;
            do code = SessionSecrets.NewJoinCode(); while (_byCode.ContainsKey(code));
            var run = await runs.StartAsync(scenario, bundle, null, null, ct, owner: id);
            var secret = SessionSecrets.NewSecret();
            var session = new Session(id, code, secret, run, source) { Client = client };
            _byId[id] = session;
            _byCode[code] = session;
            return (session, secret);
        }
        finally { _creating.Release(); }
    }

    /// <summary>
    /// Fire a hidden inject now: the run is forked, as a new run of the same scenario and seed with the inject's
    /// action at the playhead's instant (its log up to there is the same, the run being deterministic), seeked there
    /// at the same speed; the session moves to the fork and the old run ends. Null when fired, else why not.
    /// </summary>
    public async Task<string?> FireInjectAsync(Session session, string name, CancellationToken ct)
    {
        await session.Forking.WaitAsync(ct);
        try
        {
            var old = session.Run;
            var action = session.Source.InjectActions.FirstOrDefault(a => a.Name == name);
            if (action is null) return "no hidden inject of that name in this scenario";
            if (session.View(SessionRole.Instructor, null).Injects!.Any(i => i.Name == name && i.Fired)) return $"'{name}' has been fired already";
            var (ms, speed, playing, until) = old.Status() is var s ? (s.Ms, s.Speed, s.Playing, s.UntilMs) : default;
            if (ms >= until) return "the run is over: nothing left to fire an inject into";
            var spec = $"{name}@+{ms}ms";
            var (scenario, bundle) = ScenarioBundle.FromDisk(session.Source.Path, session.Source.Seed, [.. session.Source.Injects, .. session.FiredInjects, spec],
                session.WhatIfs);
            var fork = await runs.StartAsync(scenario, bundle, null, null, ct, owner: session.Id);
            await fork.Control(c => { c.SetSpeed(speed); c.Seek(ms); if (playing) c.Play(); });
            session.SwitchRun(fork, spec);
            await runs.EndAsync(old.Id);
            return null;
        }
        finally { session.Forking.Release(); }
    }

    /// <summary>End the session and its run; false when it had ended already.</summary>
    public async Task<bool> EndAsync(Session session)
    {
        if (!_byId.TryRemove(session.Id, out _)) return false;
        _byCode.TryRemove(session.JoinCode, out _);
        await runs.EndAsync(session.Run.Id);
        return true;
    }
}
