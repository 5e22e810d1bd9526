using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// <c>respond:</c> — responders are dispatched to roll back an earlier push, or to recover from an earlier failure,
/// optionally restoring data centers in stages. <see cref="Undoes"/> is the index of that push or fail action.
/// </summary>
public sealed record RespondAction(int Index, string Name, long AtMs, SourceLocation Location, string Description, int Undoes,
    long RestoreRampMs = 0, long RestoreStaggerMs = 0)
    : TimelineAction(Index, Name, AtMs, Location, [], Description), IActionKind<RespondAction>
{
    public static string YamlKey => "respond";
    public override string Key => YamlKey;

    public static RespondAction? Read(ActionSite site)
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
            if (FailAction.Earlier(site, respond, "recover") is not { } failure) return null;
            return new RespondAction(site.Index, site.Name, site.AtMs, site.Location,
                $"responders dispatched to recover from '{failure.Name}'{plan}", failure.Index, ramp, stagger);
        }
        var of = respond.String("rollback", true);
        if (of is null) return null;
        var undone = site.Earlier.OfType<PushAction>().FirstOrDefault(x => x.Name == of);
        // Only fixed times can be compared; a triggered or injected push may come before or after.
        if (undone is not null && undone.AtMs > site.AtMs && site.AtMs >= 0 && undone.Scheduled)
        {
            site.Reader.Error(respond.Get("rollback")!, $"'rollback' names '{of}', which happens after this action; responders can only undo what was done");
            return null;
        }
        if (undone is null)
        {
            site.Reader.Error(respond.Get("rollback")!, $"'rollback' must name an earlier push action" +
                                                        Suggestions.DidYouMean(of, site.Earlier.OfType<PushAction>().Select(x => x.Name)));
            return null;
        }
        return new RespondAction(site.Index, site.Name, site.AtMs, site.Location, $"responders dispatched to roll back '{of}'{plan}",
            undone.Index, ramp, stagger);
    }

    public override void Play(NodeContext ctx, DriverContext driver, long cause)
    {
        var order = driver.Timeline[Undoes] switch
        {
            // The responders end an earlier failure once they get in (the driver, as the world, then undoes it).
            FailAction failure => new RespondOrder
            {
                Action = Name, Recover = failure.Name, RecoverAction = failure.Index,
                RestoreRampMs = RestoreRampMs, RestoreStaggerMs = RestoreStaggerMs,
            },
            // The responders undo the earlier push on the same routers: each puts back the configuration it had.
            PushAction push => push.RollbackOrder(this, driver),
            var other => throw new InvalidOperationException($"'{Name}' ({Location}) cannot undo '{other.Name}', a {other.Key} action"),
        };
        ctx.Send(driver.Responders, Math.Max(ctx.Lookahead, driver.Parameters.LocalHopMs), order, cause);
    }
}
