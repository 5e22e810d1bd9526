using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The scenario driver's part for what the world does to the network: failures (a cut fibre, a crashed router, a
/// lost control-plane job, a site without power), their recovery (by <c>recover:</c>, by running out after
/// <c>for:</c>, or by the responders) and traffic surges. The driver stands for the physical world here: a cut or
/// a site's power loss is its event, and the nodes it reaches react through their own models (carrier loss,
/// reboots, health checks, cold caches), so every consequence chains back to the scenario line.
/// </summary>
public sealed class FailurePlayer(IReadOnlyList<TimelineAction> timeline, ModelParameters parameters)
{
    /// <summary>Fail actions in effect (by index): a recovery of one that is over changes nothing.</summary>
    private readonly SortedSet<int> _active = new();
    /// <summary>Surges under way, with their start event (the cause of their ramp steps and end).</summary>
    private readonly Dictionary<int, long> _surges = new();

    /// <summary>Plays a fail, recover or surge action; <paramref name="cause"/> is its scenario.action event.</summary>
    public void Play(NodeContext ctx, TimelineAction action, long cause)
    {
        switch (action.Kind)
        {
            case "fail": Fail(ctx, action, cause); break;
            case "recover": Recover(ctx, action.RecoverOf!.Value, cause); break;
            case "surge": StartSurge(ctx, action, cause); break;
            default: throw new InvalidOperationException($"the failure player cannot play a '{action.Kind}' action");
        }
    }

    /// <summary>Timers and the responders' repairs; false when the message is not one of these.</summary>
    public bool Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case FailureTimer t: Recover(ctx, t.Action, ctx.CurrentCause); return true;
            case RecoverRequest r: Recover(ctx, r.Action, ctx.CurrentCause); return true;
            case SurgeTimer s: SurgeStep(ctx, s); return true;
            default: return false;
        }
    }

    private void Fail(NodeContext ctx, TimelineAction action, long cause)
    {
        var f = action.Failure!;
        if (!_active.Add(action.Index)) return;
        Apply(ctx, action, f, broken: true, cause);
        if (f.ForMs > 0) ctx.SetTimer(ctx.Now + f.ForMs, new FailureTimer { Action = action.Index }, cause);
    }

    private void Recover(NodeContext ctx, int failAction, long cause)
    {
        if (!_active.Remove(failAction)) return; // already over (its for: ran out, or an earlier recovery)
        var action = timeline[failAction];
        Apply(ctx, action, action.Failure!, broken: false, cause);
    }

    private void Apply(NodeContext ctx, TimelineAction action, FailureSpec f, bool broken, long cause)
    {
        switch (f.What)
        {
            case FailureSpec.Links:
                // Both ends see the light go (come back) after their detection time: the cut is between them.
                var detect = Math.Max(ctx.Lookahead, parameters.CarrierLossDetectMs);
                foreach (var link in f.CutLinks)
                {
                    var e = ctx.Emit(broken ? "link.cut" : "link.restored", cause, link.Name, broken ? 0 : 1,
                        ("link", link.Name), ("kind", link.Kind), ("failure", action.Name));
                    var cut = new LinkCut { Link = link.Index, Action = action.Name, Cut = broken };
                    ctx.Send(link.A, detect, cut, e);
                    ctx.Send(link.B, detect, cut, e);
                }
                break;
            case FailureSpec.Routers:
                var crash = new PowerChange { Action = action.Name, On = !broken, Reason = "crash" };
                foreach (var router in f.RouterNodes) ctx.Send(router, ctx.Lookahead, crash, cause);
                break;
            case FailureSpec.DnsServers:
                var software = new PowerChange { Action = action.Name, On = !broken, Reason = DnsServerModel.SoftwareCrash };
                foreach (var server in f.DnsServerNodes) ctx.Send(server, ctx.Lookahead, software, cause);
                break;
            case FailureSpec.ControlPlane:
                var loss = new ControlPlaneLoss { Action = action.Name, Restart = f.Restart, Recover = !broken };
                foreach (var router in f.RouterNodes) ctx.Send(router, ctx.Lookahead, loss, cause);
                break;
            case FailureSpec.Site:
                foreach (var site in f.Sites)
                {
                    var e = ctx.Emit(broken ? "site.power_lost" : "site.power_restored", cause, site.Site, broken ? 0 : 1,
                        ("site", site.Site), ("routers", site.Routers.Count), ("dns_servers", site.DnsServers.Count),
                        ("data_centers", site.DataCenters.Count), ("failure", action.Name));
                    var power = new PowerChange { Action = action.Name, On = !broken, Reason = $"power lost at site {site.Site}" };
                    foreach (var node in site.All.Order()) ctx.Send(node, ctx.Lookahead, power, e);
                }
                break;
        }
    }

    private void StartSurge(NodeContext ctx, TimelineAction action, long cause)
    {
        var s = action.Surge!;
        var e = ctx.Emit("traffic.surge_started", cause, s.Service, s.Factor, ("service", s.Service), ("factor", s.Factor), ("region", s.Region),
            ("for_ms", s.ForMs), ("ramp_ms", s.RampMs), ("cohorts", s.Cohorts.Count), ("surge", action.Name));
        _surges[action.Index] = e;
        if (s.RampMs <= 0) SendLevel(ctx, action, s.Factor, e);
        else
            for (var step = 1; step <= SurgeSpec.RampSteps; step++)
                ctx.SetTimer(ctx.Now + s.RampMs * step / SurgeSpec.RampSteps, new SurgeTimer { Action = action.Index, Step = step }, e);
        ctx.SetTimer(ctx.Now + s.ForMs, new SurgeTimer { Action = action.Index, Step = -1 }, e);
    }

    private void SurgeStep(NodeContext ctx, SurgeTimer timer)
    {
        if (!_surges.TryGetValue(timer.Action, out var started)) return; // over already
        var action = timeline[timer.Action];
        var s = action.Surge!;
        if (timer.Step > 0)
        {
            SendLevel(ctx, action, 1 + (s.Factor - 1) * timer.Step / SurgeSpec.RampSteps, started);
            return;
        }
        _surges.Remove(timer.Action);
        var e = ctx.Emit("traffic.surge_ended", started, s.Service, 1, ("service", s.Service), ("region", s.Region), ("surge", action.Name));
        SendLevel(ctx, action, 1, e);
    }

    private static void SendLevel(NodeContext ctx, TimelineAction action, double factor, long cause)
    {
        var level = new SurgeLevel { Action = action.Name, Service = action.Surge!.Service, Factor = factor };
        foreach (var cohort in action.Surge.Cohorts) ctx.Send(cohort, ctx.Lookahead, level, cause);
    }
}
