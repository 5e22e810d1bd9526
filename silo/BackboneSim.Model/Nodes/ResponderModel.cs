using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The operator's responders: one or more teams (<see cref="ResponderTeam"/>), each working the respond orders it takes
/// one at a time. An order that names a team goes to it; otherwise to the first free team, else the one with the
/// shortest queue (the first listed on a tie). This node also follows what the teams' remote access rides on (the
/// share of each PoP's traffic to the data centers that arrives) and the internal tools that depend on it.
/// </summary>
/// <param name="gateways">The PoPs whose traffic to a data center the VPN rides on, by gateway router.</param>
/// <param name="toolsOverDataPlane">Whether the data plane tells what share of each PoP's internal-tool traffic
/// arrives (<see cref="InternalToolFlows"/>); otherwise the PoPs' gateways tell the share of their front-end traffic.</param>
public sealed class ResponderModel(ResponderSpec spec, ModelParameters parameters, IEnumerable<int> gateways, IEnumerable<int> dataCenters,
    bool toolsOverDataPlane = false) : INodeModel
{
    /// <summary>Per PoP: the share of its traffic to the data centers that arrives (0 once its IGP reaches none): its
    /// internal-tool traffic when the data plane carries it, else its front-ends' traffic.</summary>
    private readonly SortedDictionary<int, double> _delivered = new(gateways.ToDictionary(g => g, _ => 1.0));
    private readonly Dictionary<string, bool> _toolUp = spec.Tools.ToDictionary(t => t.Name, _ => true, StringComparer.Ordinal);
    private readonly ResponderTeam[] _teams = spec.Teams.Select((t, i) => new ResponderTeam(i, spec, t, parameters)).ToArray();
    private readonly int[] _dataCenters = dataCenters.Order().ToArray();

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
            case RespondOrder order: TeamFor(order).Take(ctx, order, () => BestDelivered); break;
            case ResponderTeam.StepTimer timer: _teams[timer.Team].OnTimer(ctx, timer, _dataCenters, () => BestDelivered); break;
            default: throw new InvalidOperationException($"the responders cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>The team an order goes to: the one it names, else the first free one, else the shortest queue.</summary>
    private ResponderTeam TeamFor(RespondOrder order)
    {
        if (order.Team is { } name && _teams.FirstOrDefault(t => t.Name == name) is { } named) return named;
        return _teams.FirstOrDefault(t => !t.Busy) ?? _teams.OrderBy(t => t.Queued).First();
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
}
