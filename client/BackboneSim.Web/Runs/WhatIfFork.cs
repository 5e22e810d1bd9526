using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Web.Runs;

/// <summary>
/// A what-if fork: the new run and what may not go as written (<see cref="WhatIfChecks"/>' warnings, "what-if:LINE:COL:
/// message"), or why there is none (an HTTP status, a message, the loader's or the checks' error lines).
/// </summary>
public sealed record WhatIfForkResult(WebRun? Fork, WhatIf? WhatIf, int Status = 0, string? Error = null, IReadOnlyList<string>? Details = null)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static WhatIfForkResult Refused(int status, string error, IReadOnlyList<string>? details = null) => new(null, null, status, error, details);
}

/// <summary>
/// Forks a run with a what-if (docs/web.md#what-ifs): a new run of the same bundle (scenario text, seed, injects
/// and earlier what-ifs) plus the what-if at the fork instant, seeked there at the same speed and play state. The
/// run being deterministic and the what-if acting only from the fork on, the fork's log before that instant is the
/// old run's, so a page that re-attaches sees the same past. The old run is left alone: callers decide its fate.
/// </summary>
public static class WhatIfFork
{
    /// <param name="at">The fork instant (ms from the start); null: the instant the run shows. Never past what was released.</param>
    /// <param name="client">Who forks (a plain run's fork is theirs, against their limit).</param>
    public static async Task<WhatIfForkResult> StartAsync(RunRegistry runs, WebRun old, string yaml, long? at, string? owner, CancellationToken ct, string client = "?")
    {
        if (old.Bundle is not { } origin) return WhatIfForkResult.Refused(StatusCodes.Status409Conflict, "this run cannot be forked (it has no scenario bundle)");
        var now = old.Snapshot;
        var (shown, released, speed, playing, until) = (now.Status.Ms, Math.Max(now.Log.ReleasedMs, 0), now.Status.Speed, now.Status.Playing, now.Status.UntilMs);
        var forkMs = at ?? shown;
        // A fork past the released events would let a page see (and change) what it was never shown.
        if (forkMs < 0 || forkMs > released)
            return WhatIfForkResult.Refused(StatusCodes.Status400BadRequest, $"at must be between 0 and {released} ms: a what-if forks at an instant the run has shown");
        if (forkMs >= until) return WhatIfForkResult.Refused(StatusCodes.Status409Conflict, "the run is over: nothing left to fork");

        var whatIf = new WhatIf { Yaml = yaml, ForkMs = forkMs };
        var bundle = new ScenarioBundle
        {
            MainPath = origin.MainPath, Texts = origin.Texts, DisplayNames = origin.DisplayNames, Seed = origin.Seed,
            Injects = origin.Injects, WhatIfs = [.. origin.WhatIfs, whatIf],
        };
        ScenarioDefinition scenario;
        try { scenario = bundle.Load(); }
        catch (ScenarioLoadException ex)
        {
            return WhatIfForkResult.Refused(StatusCodes.Status422UnprocessableEntity, "the what-if does not apply", ex.Lines(20).ToList());
        }
        // It reads cleanly; does each action make sense in the state the run is in at the fork? The original's events
        // up to that instant are the fork's too.
        var own = scenario.Timeline.Skip(old.Scenario.Timeline.Count).ToList();
        var events = now.Log.Released.TakeWhile(e => e.Ms <= forkMs).Where(e => WhatIfChecks.Kinds.Contains(e.Kind))
            .Select(e => new WhatIfEvent(e.Ms, e.Kind, e.NodeName, e.Subject, e.DataJson));
        var checks = WhatIfChecks.Check(scenario, own, forkMs, events);
        if (!checks.Ok)
            return WhatIfForkResult.Refused(StatusCodes.Status422UnprocessableEntity, "the what-if cannot run as written",
                checks.Errors.Select(n => n.ToString()).Concat(checks.Warnings.Select(n => "warning: " + n)).ToList());
        var fork = await runs.StartAsync(scenario, bundle, until, null, ct, owner, client, keep: old.Id);
        await fork.Control(c => { c.SetSpeed(speed); c.Seek(forkMs); if (playing) c.Play(); });
        return new WhatIfForkResult(fork, whatIf) { Warnings = checks.Warnings.Select(n => n.ToString()).ToList() };
    }
}
