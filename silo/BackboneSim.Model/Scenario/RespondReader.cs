namespace BackboneSim.Model.Scenario;

/// <summary>
/// <c>respond:</c> — responders are dispatched to roll back an earlier push, or to recover from an earlier failure,
/// optionally restoring data centers in stages.
/// </summary>
public static class RespondReader
{
    public static TimelineAction? Read(ActionSite site)
    {
        if (site.Map.SubMap("respond", false, "rollback", "recover", "restore") is not { } respond) return null;
        var restore = respond.SubMap("restore", false, "ramp", "stagger");
        var ramp = restore?.Duration("ramp", 1_000, 24 * 3_600_000L, required: true) ?? 0;
        var stagger = restore?.Duration("stagger", 0, 24 * 3_600_000L) ?? 0;
        var plan = ramp > 0 ? $", then restore each data center over {TimeText.FormatDuration(ramp)}, {TimeText.FormatDuration(stagger)} apart" : "";
        if (respond.Has("recover") == respond.Has("rollback"))
        {
            site.Reader.Error(respond.Node, "'respond' needs exactly one of 'rollback' (undo an earlier push) and 'recover' (undo an earlier failure)");
            return null;
        }
        if (respond.Has("recover"))
        {
            if (FailReader.Earlier(site, respond, "recover") is not { } failure) return null;
            return new TimelineAction(site.Index, site.Name, site.AtMs, site.Location, "respond", [], [],
                $"responders dispatched to recover from '{failure.Name}'{plan}", null, ramp, stagger) { RecoverOf = failure.Index };
        }
        var of = respond.String("rollback", true);
        if (of is null) return null;
        var undone = site.Earlier.FirstOrDefault(x => x.Name == of && x.Kind == "push");
        // Only fixed times can be compared; a triggered or injected push may come before or after.
        if (undone is not null && undone.AtMs > site.AtMs && site.AtMs >= 0 && undone.Scheduled)
        {
            site.Reader.Error(respond.Get("rollback")!, $"'rollback' names '{of}', which happens after this action; responders can only undo what was done");
            return null;
        }
        if (undone is null)
        {
            site.Reader.Error(respond.Get("rollback")!, $"'rollback' must name an earlier push action" +
                                                        Suggestions.DidYouMean(of, site.Earlier.Where(x => x.Kind == "push").Select(x => x.Name)));
            return null;
        }
        return new TimelineAction(site.Index, site.Name, site.AtMs, site.Location, "respond", [], [], $"responders dispatched to roll back '{of}'{plan}",
            undone.Index, ramp, stagger);
    }
}
