using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The operator's responders. Dispatched with a rollback (or a failure to recover from) to carry out, they try their access paths in order: the
/// VPN (which works while some PoP can still reach a data center over the backbone), the out-of-band network
/// (which works only if it does not share the backbone's fate), and finally travel to a data center and through
/// its physical security. Once in, they diagnose and push the rollback through config management like any push
/// (routers restore their configuration, DNS servers their zone content, the parent zone its delegations), or
/// repair what a failure broke (the scenario driver, as the world, then ends the failure).
/// </summary>
/// <param name="gateways">The PoPs whose traffic to a data center the VPN rides on, by gateway router.</param>
/// <param name="toolsOverDataPlane">Whether the data plane tells what share of each PoP's internal-tool traffic
/// arrives (<see cref="InternalToolFlows"/>); otherwise the PoPs' gateways tell the share of their front-end traffic.</param>
public sealed class ResponderModel(ResponderSpec spec, ModelParameters parameters, IEnumerable<int> gateways, IEnumerable<int> dataCenters,
    bool toolsOverDataPlane = false) : INodeModel
{
    /// <summary>Timer of the responders: the next step of their plan is due.</summary>
    private sealed record ResponderTimer
    {
        public string Step { get; init; } = "";
        public string Path { get; init; } = "";
    }

    /// <summary>Per PoP: the share of its traffic to the data centers that arrives (0 once its IGP reaches none): its
    /// internal-tool traffic when the data plane carries it, else its front-ends' traffic.</summary>
    private readonly SortedDictionary<int, double> _delivered = new(gateways.ToDictionary(g => g, _ => 1.0));
    private readonly Dictionary<string, bool> _toolUp = spec.Tools.ToDictionary(t => t.Name, _ => true, StringComparer.Ordinal);
    private RespondOrder? _order;

    /// <summary>
    /// The best share of traffic to a data center that arrives from some PoP: the VPN rides on the backbone's data
    /// plane. At least half must arrive for it to work at all (as for the DNS servers' probes); below 1 it works slowly.
    /// </summary>
    private double BestDelivered => _delivered.Values.DefaultIfEmpty(0).Max();

    public bool RemoteAccessWorks => BestDelivered >= 0.5;

    public void Start(NodeContext ctx) { }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case ReachabilityReport when toolsOverDataPlane: break; // the internal-tool flows say it
            case ReachabilityReport report:
                _delivered[message.From] = report.DataCenterReachable ? report.Delivered : 0;
                UpdateTools(ctx);
                break;
            case ToolDelivery delivery:
                _delivered[delivery.Pop] = delivery.Delivered;
                UpdateTools(ctx);
                break;
            case RespondOrder order: Dispatch(ctx, order); break;
            case ResponderTimer { Step: "on-site" }:
                var arrived = ctx.Emit(new RespondersOnSite(spec.SecurityMs), ctx.CurrentCause);
                ctx.SetTimer(ctx.Now + spec.SecurityMs, new ResponderTimer { Step = "access", Path = "on-site" }, arrived);
                break;
            case ResponderTimer { Step: "access" } t:
                var access = ctx.Emit(new RespondersAccessGained(t.Path, spec.DiagnoseMs), ctx.CurrentCause);
                ctx.SetTimer(ctx.Now + spec.DiagnoseMs, new ResponderTimer { Step = "repair", Path = t.Path }, access);
                break;
            case ResponderTimer { Step: "repair" } t: Repair(ctx, t.Path); break;
            default: throw new InvalidOperationException($"the responders cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>Internal tools fail and return with what they depend on; each change is an event (and a series).</summary>
    private void UpdateTools(NodeContext ctx)
    {
        var backbone = RemoteAccessWorks;
        foreach (var tool in spec.Tools)
        {
            var up = tool.Needs switch { "none" => true, "oob" => spec.OobSeparate || backbone, _ => backbone };
            if (_toolUp[tool.Name] == up) continue;
            _toolUp[tool.Name] = up;
            ctx.Emit(new ToolAvailability(tool.Name, tool.Needs, up), ctx.CurrentCause);
        }
    }

    private void Dispatch(NodeContext ctx, RespondOrder order)
    {
        if (_order is not null)
        {
            ctx.Emit(new RespondersBusy(order.Action, _order.Action), ctx.CurrentCause);
            return;
        }
        _order = order;
        var e = ctx.Emit(new RespondersDispatched(order.Action, order.Recover, order.RollbackOf), ctx.CurrentCause);
        if (RemoteAccessWorks)
        {
            // Over a lossy path every packet is sent 1 / (1 - loss) times on average: the login takes that much longer.
            var best = BestDelivered;
            e = ctx.Emit(new RespondersAccessAttempt("vpn", true, best >= 1 ? "a PoP still reaches a data center"
                : $"a PoP still reaches a data center, but only {Math.Round(best * 100)} % of its traffic arrives: the login is slow"), e);
            ctx.SetTimer(ctx.Now + (long)Math.Ceiling(spec.VpnLoginMs / Math.Min(1, best)), new ResponderTimer { Step = "access", Path = "vpn" }, e);
            return;
        }
        e = ctx.Emit(new RespondersAccessAttempt("vpn", false, "the VPN needs the backbone and no PoP reaches a data center"), e);
        if (spec.OobSeparate)
        {
            e = ctx.Emit(new RespondersAccessAttempt("oob", true, "the out-of-band network is separate"), e);
            ctx.SetTimer(ctx.Now + spec.OobLoginMs, new ResponderTimer { Step = "access", Path = "oob" }, e);
            return;
        }
        e = ctx.Emit(new RespondersAccessAttempt("oob", false, "the out-of-band network shares the backbone's fate"), e);
        e = ctx.Emit(new RespondersTravelling(spec.TravelMs), e);
        ctx.SetTimer(ctx.Now + spec.TravelMs, new ResponderTimer { Step = "on-site" }, e);
    }

    private void Repair(NodeContext ctx, string path)
    {
        var order = _order!;
        if (order.Recover is { } failure)
        {
            // They repair what the failure broke (splice, power, reboot); the scenario driver, as the world, ends it.
            var fixedIt = ctx.Emit(new RespondersRecover(failure, path), ctx.CurrentCause);
            ctx.Send(0, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new RecoverRequest { Action = order.RecoverAction }, fixedIt);
            SendRestorePlans(ctx, order, fixedIt);
            _order = null;
            return;
        }
        var e = ctx.Emit(new RespondersRollback(order.RollbackOf, path, order.Targets.Length), ctx.CurrentCause);
        var push = new ConfigPush { Action = $"rollback of {order.RollbackOf}", RestoreOf = order.RollbackOf };
        foreach (var target in order.Targets)
            ctx.Send(target, Math.Max(ctx.Lookahead, parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1)), push, e);
        // Delegations the push changed are put back in the parent zone once; resolvers pick them up on NS-cache expiry.
        if (order.Resolvers.Length > 0)
        {
            var delay = Math.Max(ctx.Lookahead, parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1));
            var update = new DelegationUpdate { Action = push.Action, RestoreOf = order.RollbackOf };
            foreach (var resolver in order.Resolvers) ctx.Send(resolver, delay, update, e);
        }
        SendRestorePlans(ctx, order, e);
        _order = null;
    }

    /// <summary>A staged restore: each data center takes traffic back on its own ramp, one after another.</summary>
    private void SendRestorePlans(NodeContext ctx, RespondOrder order, long cause)
    {
        if (order.RestoreRampMs <= 0) return;
        var i = 0;
        foreach (var dc in dataCenters.OrderBy(d => d))
            ctx.Send(dc, Math.Max(ctx.Lookahead, parameters.LocalHopMs),
                new RestorePlan { StartAt = ctx.Now + i++ * order.RestoreStaggerMs, RampMs = order.RestoreRampMs }, cause);
    }
}
