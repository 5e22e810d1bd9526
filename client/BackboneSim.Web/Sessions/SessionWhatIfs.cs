using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Sessions;

/// <summary>
/// An instructor's what-if: like a fired inject (<see cref="SessionRegistry.FireInjectAsync"/>), the session moves
/// to the fork and its old run ends; every page follows through the view's runId. Later forks keep the what-if.
/// </summary>
public static class SessionWhatIfs
{
    public static async Task<WhatIfForkResult> ForkAsync(Session session, RunRegistry runs, string yaml, long? at, CancellationToken ct)
    {
        await session.Forking.WaitAsync(ct);
        try
        {
            var old = session.Run;
            var result = await WhatIfFork.StartAsync(runs, old, yaml, at, session.Id, ct);
            if (result is { Fork: { } fork, WhatIf: { } whatIf })
            {
                session.SwitchRun(fork, whatIf);
                await runs.EndAsync(old.Id);
            }
            return result;
        }
        finally { session.Forking.Release(); }
    }
}
