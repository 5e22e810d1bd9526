namespace BackboneSim.Model.Scenario;

/// <summary><c>recover:</c> — an earlier failure ends: cut links are spliced, crashed routers and dark sites get power and reboot.</summary>
public static class RecoverReader
{
    public static TimelineAction? Read(ActionSite site)
    {
        if (site.Map.SubMap("recover", true, "failure") is not { } recover) return null;
        if (FailReader.Earlier(site, recover, "failure") is not { } failure) return null;
        var f = failure.Failure!;
        var what = f.What switch
        {
            FailureSpec.Links => "the links are spliced and carry light again",
            FailureSpec.Site => "power returns; routers reboot, data centers come back cold",
            FailureSpec.ControlPlane => "the control planes reboot",
            FailureSpec.DnsServers => "the DNS software restarts; each server announces again once its health check passes",
            _ => "the routers power on and reboot",
        };
        return new TimelineAction(site.Index, site.Name, site.AtMs, site.Location, "recover", failure.Targets, [], $"recover from '{failure.Name}': {what}")
            { RecoverOf = failure.Index };
    }
}
