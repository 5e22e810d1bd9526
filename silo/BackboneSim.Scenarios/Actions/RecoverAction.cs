using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// <c>recover:</c> — an earlier failure ends: cut links are spliced, crashed routers and dark sites get power and
/// reboot. <see cref="Failure"/> is the index of that fail action; a failure already over changes nothing.
/// </summary>
public sealed record RecoverAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets, string Description,
    int Failure)
    : TimelineAction(Index, Name, AtMs, Location, Targets, Description), IActionKind<RecoverAction>
{
    public static string YamlKey => "recover";
    public override string Key => YamlKey;

    public static RecoverAction? Read(ActionSite site)
    {
        if (site.Map.SubMap("recover", true, "failure") is not { } recover) return null;
        if (FailAction.Earlier(site, recover, "failure") is not { } failure) return null;
        var what = failure.Failure.What switch
        {
            FailureSpec.Links => "the links are spliced and carry light again",
            FailureSpec.Site => "power returns; routers reboot, data centers come back cold",
            FailureSpec.ControlPlane => "the control planes reboot",
            FailureSpec.DnsServers => "the DNS software restarts; each server announces again once its health check passes",
            FailureSpec.Controllers => "the controllers are back; the routers they program take their programming again and undo a drain",
            _ => "the routers power on and reboot",
        };
        return new RecoverAction(site.Index, site.Name, site.AtMs, site.Location, failure.Targets, $"recover from '{failure.Name}': {what}", failure.Index);
    }

    public override void Play(NodeContext ctx, DriverContext driver, long cause) => driver.Failures.End(ctx, driver, Failure, cause);
}
