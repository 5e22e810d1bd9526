using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// One team of responders, working one respond order at a time from its own queue (first come, first served). For an
/// order it gets in (the VPN while some PoP still reaches a data center, else the out-of-band network if it is
/// separate, else travel to a data center and its physical security; a team that works on site only travels), keeps
/// that access for its next orders while the path still works, diagnoses, and acts: rolls back a push on some or all
/// of its targets, recovers from a failure, or restarts, drains or undrains routers by hand. Two teams act on their
/// own; where their changes meet on a router, the last applied wins (each rollback restores the configuration from
/// before its push, whatever came after), and the config events show it.
/// </summary>
public sealed class ResponderTeam(int index, ResponderSpec section, ResponderTeamSpec team, ModelParameters parameters)
{
    public const string DefaultName = ResponderTeamSpec.DefaultName;

    /// <summary>Timer of a team: the next step of its plan is due.</summary>
    public sealed record StepTimer(int Team, string Step, string Path);

    private readonly Queue<RespondOrder> _queue = new();
    private RespondOrder? _current;
    /// <summary>The access path the team holds (null: none yet, or lost).</summary>
    private string? _path;
    /// <summary>Failed attempts at the current order so far.</summary>
    private int _attempt;

    public string Name => team.Name;
    public bool Busy => _current is not null;
    public int Queued => _queue.Count;

    /// <summary>The team takes an order: at once when free, else after the ones waiting.</summary>
    public void Take(NodeContext ctx, RespondOrder order, Func<double> bestDelivered)
    {
        if (_current is not null)
        {
            _queue.Enqueue(order);
            ctx.Emit(new RespondersQueued(order.Action, _current.Action, _queue.Count, Name), ctx.CurrentCause);
            return;
        }
        Start(ctx, order, bestDelivered, ctx.CurrentCause);
    }

    private void Start(NodeContext ctx, RespondOrder order, Func<double> bestDelivered, long cause)
    {
        _current = order;
        var e = ctx.Emit(new RespondersDispatched(order.Action, order.Recover, order.RollbackOf, Name, order.Task), cause);
        if (StillHeld(bestDelivered()) is { } held)
        {
            Diagnose(ctx, held, bestDelivered(), e);
            return;
        }
        _path = null;
        var best = bestDelivered();
        if (team.Remote && best >= 0.5)
        {
            // Over a lossy path every packet is sent 1 / (1 - loss) times on average: the login takes that much longer.
            e = ctx.Emit(new RespondersAccessAttempt("vpn", true, best >= 1 ? "a PoP still reaches a data center"
                : $"a PoP still reaches a data center, but only {Math.Round(best * 100)} % of its traffic arrives: the login is slow", Name), e);
            ctx.SetTimer(ctx.Now + (long)Math.Ceiling(section.VpnLoginMs / Math.Min(1, best)), new StepTimer(index, "access", "vpn"), e);
            return;
        }
        if (team.Remote)
        {
            e = ctx.Emit(new RespondersAccessAttempt("vpn", false, "the VPN needs the backbone and no PoP reaches a data center", Name), e);
            if (section.OobSeparate)
            {
                e = ctx.Emit(new RespondersAccessAttempt("oob", true, "the out-of-band network is separate", Name), e);
                ctx.SetTimer(ctx.Now + section.OobLoginMs, new StepTimer(index, "access", "oob"), e);
                return;
            }
            e = ctx.Emit(new RespondersAccessAttempt("oob", false, "the out-of-band network shares the backbone's fate", Name), e);
        }
        var travel = team.TravelMs ?? section.TravelMs;
        e = ctx.Emit(new RespondersTravelling(travel, Name), e);
        ctx.SetTimer(ctx.Now + travel, new StepTimer(index, "on-site", ""), e);
    }

    /// <summary>The access the team still has from its last order: on site it stays; the out-of-band network while it
    /// is separate; the VPN while some PoP still reaches a data center.</summary>
    private string? StillHeld(double bestDelivered) => _path switch
    {
        "on-site" => _path,
        "oob" when section.OobSeparate => _path,
        "vpn" when bestDelivered >= 0.5 => _path,
        _ => null,
    };

    /// <summary>
    /// In: the team diagnoses, then acts. Over the VPN its tools ride the backbone's data plane, so over a lossy path
    /// the work crawls as the login did: every request is sent 1 / (1 - loss) times on average, and the diagnosis takes
    /// that much longer (the share that arrives is taken as the work begins).
    /// </summary>
    private void Diagnose(NodeContext ctx, string path, double bestDelivered, long cause)
    {
        _path = path;
        var diagnose = DiagnoseMs(_current!);
        if (path == "vpn" && bestDelivered is > 0 and < 1) diagnose = (long)Math.Ceiling(diagnose / bestDelivered);
        var access = ctx.Emit(new RespondersAccessGained(path, diagnose, Name), cause);
        ctx.SetTimer(ctx.Now + diagnose, new StepTimer(index, "act", path), access);
    }

    /// <summary>How long the team diagnoses for an order: the order's own time, else the team's, else the section's.</summary>
    private long DiagnoseMs(RespondOrder order) => order.DiagnoseMs >= 0 ? order.DiagnoseMs : team.DiagnoseMs ?? section.DiagnoseMs;

    /// <param name="dataCenters">The data-center nodes, for restore plans.</param>
    public void OnTimer(NodeContext ctx, StepTimer timer, IReadOnlyList<int> dataCenters, Func<double> bestDelivered)
    {
        switch (timer.Step)
        {
            case "on-site":
                var arrived = ctx.Emit(new RespondersOnSite(section.SecurityMs, Name), ctx.CurrentCause);
                ctx.SetTimer(ctx.Now + section.SecurityMs, new StepTimer(index, "access", "on-site"), arrived);
                break;
            case "access": Diagnose(ctx, timer.Path, bestDelivered(), ctx.CurrentCause); break;
            case "act":
                if (section.FailureProbability > 0 && ctx.Random.NextDouble() < section.FailureProbability)
                {
                    // The attempt did not take: the team finds out, diagnoses again and tries again.
                    _attempt++;
                    var diagnose = DiagnoseMs(_current!);
                    var failed = ctx.Emit(new RespondersAttemptFailed(_current!.Action, _attempt, diagnose, Name), ctx.CurrentCause);
                    ctx.SetTimer(ctx.Now + Math.Max(1, diagnose), new StepTimer(index, "act", timer.Path), failed);
                    break;
                }
                _attempt = 0;
                Act(ctx, _current!, timer.Path, dataCenters);
                _current = null;
                if (_queue.Count > 0) Start(ctx, _queue.Dequeue(), bestDelivered, ctx.CurrentCause);
                break;
        }
    }

    private void Act(NodeContext ctx, RespondOrder order, string path, IReadOnlyList<int> dataCenters)
    {
        if (order.Recover is { } failure)
        {
            // They repair what the failure broke (splice, power, reboot); the scenario driver, as the world, ends it.
            var fixedIt = ctx.Emit(new RespondersRecover(failure, path, Name), ctx.CurrentCause);
            ctx.Send(0, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new RecoverRequest { Action = order.RecoverAction }, fixedIt);
            SendRestorePlans(ctx, order, dataCenters, fixedIt);
            return;
        }
        if (order.Task is RespondTasks.Apply or RespondTasks.Restore)
        {
            // A push the scenario describes, applied through config management by the team (the driver plays it now),
            // or only the staged restore of the data centers.
            var applied = ctx.Emit(new RespondersTask(order.Action, order.Task, path, order.Targets.Length, string.Join(' ', order.Routers), Name), ctx.CurrentCause);
            if (order.Apply >= 0) ctx.Send(0, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new ApplyRequest { Action = order.Apply }, applied);
            SendRestorePlans(ctx, order, dataCenters, applied);
            return;
        }
        if (order.Task is { } task)
        {
            var done = ctx.Emit(new RespondersTask(order.Action, task, path, order.Targets.Length, string.Join(' ', order.Routers), Name), ctx.CurrentCause);
            if (task == RespondTasks.Restart && path == "on-site") RestartSiteBySite(ctx, order, done);
            else
                foreach (var target in order.Targets)
                {
                    if (task == RespondTasks.Restart) ctx.Send(target, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new RouterRestart { Action = order.Action }, done);
                    else ctx.Send(target, PushDelay(ctx), new ConfigPush { Action = order.Action, Igp = [new IgpEdit { Overload = task == RespondTasks.Drain }] }, done);
                }
            SendRestorePlans(ctx, order, dataCenters, done);
            return;
        }
        var e = ctx.Emit(new RespondersRollback(order.RollbackOf, path, order.Targets.Length, Name), ctx.CurrentCause);
        var push = new ConfigPush { Action = $"rollback of {order.RollbackOf}", RestoreOf = order.RollbackOf, Wedge = order.Wedge, RestoreKinds = order.Edits };
        foreach (var target in order.Targets) ctx.Send(target, PushDelay(ctx), push, e);
        // Delegations the push changed are put back in the parent zone once; resolvers pick them up on NS-cache expiry.
        if (order.Resolvers.Length > 0)
        {
            var update = new DelegationUpdate { Action = push.Action, RestoreOf = order.RollbackOf };
            var delay = PushDelay(ctx);
            foreach (var resolver in order.Resolvers) ctx.Send(resolver, delay, update, e);
        }
        SendRestorePlans(ctx, order, dataCenters, e);
    }

    /// <summary>
    /// On site, restarts take hands: the team works at one site at a time (sites in the order of the targets), one router
    /// after another (<c>hands_on</c> each), moving on to the next site (<c>site_travel</c>), so the routers come back as a
    /// staircase. From a console reached remotely (VPN, out-of-band) they are reset at once.
    /// </summary>
    private void RestartSiteBySite(NodeContext ctx, RespondOrder order, long cause)
    {
        var at = 0L;
        var sites = order.Targets.Select((t, i) => (Target: t, Site: i < order.Sites.Length ? order.Sites[i] : "")).GroupBy(x => x.Site).ToList();
        for (var j = 0; j < sites.Count; j++)
        {
            if (j > 0) at += section.SiteTravelMs;
            foreach (var (target, _) in sites[j])
            {
                at += section.HandsOnMs;
                ctx.Send(target, Math.Max(ctx.Lookahead, at), new RouterRestart { Action = order.Action }, cause);
            }
        }
    }

    /// <summary>Config management's delay to a target: <c>push_base</c> + uniform [0, <c>push_spread</c>].</summary>
    private long PushDelay(NodeContext ctx) => Math.Max(ctx.Lookahead, parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1));

    /// <summary>A staged restore: each data center takes traffic back on its own ramp, one after another.</summary>
    private void SendRestorePlans(NodeContext ctx, RespondOrder order, IReadOnlyList<int> dataCenters, long cause)
    {
        if (order.RestoreRampMs <= 0) return;
        var i = 0;
        foreach (var dc in dataCenters.Order())
            ctx.Send(dc, Math.Max(ctx.Lookahead, parameters.LocalHopMs),
                new RestorePlan { StartAt = ctx.Now + i++ * order.RestoreStaggerMs, RampMs = order.RestoreRampMs }, cause);
    }
}

/// <summary>The tasks a respond order can give besides a rollback or a recovery.</summary>
public static class RespondTasks
{
    public const string Restart = "restart";
    public const string Drain = "drain";
    public const string Undrain = "undrain";
    /// <summary>Tasks by hand on routers (<c>restart: true</c> and so on, with <c>targets</c>).</summary>
    public static readonly string[] All = [Restart, Drain, Undrain];
    /// <summary>Apply a push the timeline describes (<c>apply: NAME</c>).</summary>
    public const string Apply = "apply";
    /// <summary>Only the staged restore of the data centers (<c>restore:</c> alone).</summary>
    public const string Restore = "restore";
}
