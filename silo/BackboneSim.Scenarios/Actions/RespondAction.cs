using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// <c>respond:</c> — an order to the responders: roll back an earlier push (on all its targets, or on the ones
/// <c>targets</c> selects), recover from an earlier failure, or restart, drain or undrain routers by hand; optionally
/// restoring data centers in stages; optionally for a named team, with its own diagnosis time.
/// <see cref="Undoes"/> is the index of the push or fail action undone (-1 for a task).
/// </summary>
public sealed record RespondAction(int Index, string Name, long AtMs, SourceLocation Location, string Description, int Undoes,
    long RestoreRampMs = 0, long RestoreStaggerMs = 0)
    : TimelineAction(Index, Name, AtMs, Location, [], Description), IActionKind<RespondAction>
{
    public static string YamlKey => "respond";
    public override string Key => YamlKey;

    /// <summary>restart, drain or undrain (<see cref="RespondTasks"/>), or null for a rollback or a recovery.</summary>
    public string? Task { get; init; }
    /// <summary>The routers a task acts on, or the subset of the rolled-back push's targets (null: all of them).</summary>
    public IReadOnlyList<int>? Routers { get; init; }
    /// <summary>For a rollback: only these kinds of the push's edits (<see cref="EditKinds"/>); empty: all.</summary>
    public IReadOnlyList<string> Edits { get; init; } = [];
    /// <summary>For the apply task: the push action the team applies (its index), or -1.</summary>
    public int Apply { get; init; } = -1;
    /// <summary>The site of each of <see cref="Routers"/>.</summary>
    public IReadOnlyList<string> RouterSites { get; init; } = [];
    /// <summary>The team that takes it, or null (the first free, else the shortest queue).</summary>
    public string? Team { get; init; }
    /// <summary>Routers the rollback leaves wedged until a restart by hand, or null.</summary>
    public WedgeSpec? Wedge { get; init; }
    /// <summary>The diagnosis time for this order, or -1: the team's.</summary>
    public long DiagnoseMs { get; init; } = -1;

    private static readonly string[] Keys = ["rollback", "recover", "restart", "drain", "undrain", "apply", "targets", "edits", "team", "diagnose", "restore", "wedge"];
    private static readonly string[] What = ["rollback", "recover", .. RespondTasks.All, "apply"];

    public static RespondAction? Read(ActionSite site)
    {
        var r = site.Reader;
        if (site.Map.SubMap("respond", false, Keys) is not { } respond) return null;
        var restore = respond.SubMap("restore", false, "ramp", "stagger");
        var ramp = restore?.Duration("ramp", 1_000, 24 * 3_600_000L, required: true) ?? 0;
        var stagger = restore?.Duration("stagger", 0, 24 * 3_600_000L) ?? 0;
        var plan = ramp > 0 ? $", then restore each data center over {TimeText.FormatDuration(ramp)}, {TimeText.FormatDuration(stagger)} apart" : "";
        var team = respond.String("team");
        if (team is not null && !site.Teams.Contains(team))
            r.Error(respond.Get("team")!, $"'team' is '{team}'; the responders' teams are {string.Join(", ", site.Teams)}" + Suggestions.DidYouMean(team, site.Teams));
        var diagnose = respond.Duration("diagnose", 0, 24 * 3_600_000L) ?? -1;
        var by = team is null ? "responders" : $"team {team}";
        var present = What.Where(respond.Has).ToList();
        if (present.Count == 0 && ramp > 0)
        {
            // Only the staged restore: the data centers' traffic comes back by the plan once the team acts.
            foreach (var key in new[] { "targets", "wedge" }.Where(respond.Has)) r.Error(respond.Get(key)!, $"'{key}' has nothing to act on in a restore alone");
            return new RespondAction(site.Index, site.Name, site.AtMs, site.Location, $"{by} dispatched to restore the data centers{plan}", -1, ramp, stagger)
                { Task = RespondTasks.Restore, Team = team, DiagnoseMs = diagnose };
        }
        if (present.Count != 1)
        {
            r.Error(respond.Node, "'respond' needs exactly one of 'rollback' (undo an earlier push), 'recover' (undo an earlier failure), " +
                                  "'restart', 'drain' or 'undrain' (routers, by hand), 'apply' (a push the timeline describes), or 'restore' alone" +
                                  (present.Count > 1 ? $"; it has {string.Join(" and ", present)}" : ""));
            return null;
        }
        if (present[0] == "apply")
        {
            var name = respond.String("apply", true);
            if (name is null) return null;
            if (site.Earlier.OfType<PushAction>().FirstOrDefault(x => x.Name == name) is not { } push)
            {
                r.Error(respond.Get("apply")!, "'apply' must name a push action listed earlier (typically 'inject: true', so it runs only when applied)" +
                                               Suggestions.DidYouMean(name, site.Earlier.OfType<PushAction>().Select(x => x.Name)));
                return null;
            }
            foreach (var key in new[] { "targets", "wedge" }.Where(respond.Has)) r.Error(respond.Get(key)!, $"'{key}' belongs to the push '{name}' itself");
            return new RespondAction(site.Index, site.Name, site.AtMs, site.Location, $"{by} dispatched to apply '{name}'{plan}", -1, ramp, stagger)
                { Task = RespondTasks.Apply, Apply = push.Index, Team = team, DiagnoseMs = diagnose };
        }
        if (respond.Get("wedge") is { } wedgeNode && !respond.Has("rollback"))
            r.Error(wedgeNode, "'wedge' says which routers a rollback leaves wedged; a task or a recovery has none");
        IReadOnlyList<int>? routers = null;
        if (respond.Get("targets") is { } targetNode)
        {
            var (selected, kind) = TargetSelector.Resolve(r, targetNode, site.Topology);
            if (kind == TargetSelector.Dns) r.Error(targetNode, "a respond's 'targets' selects routers, not DNS servers");
            routers = selected;
        }
        if (RespondTasks.All.Contains(present[0]))
        {
            var task = present[0];
            if (respond.Get(task) is { } flag && r.AsString(flag, $"'{task}'") is { } text && text != "true")
                r.Error(flag, $"'{task}: true' with 'targets' says which routers; '{Clip(text)}' is not true");
            if (routers is null) { r.Error(respond.Node, $"'{task}' acts on the routers 'targets' selects; give 'targets'"); return null; }
            return new RespondAction(site.Index, site.Name, site.AtMs, site.Location,
                $"{by} dispatched to {task} {routers.Count} router{(routers.Count == 1 ? "" : "s")} by hand{plan}", -1, ramp, stagger)
                {
                    Task = task, Routers = routers, Team = team, DiagnoseMs = diagnose,
                    RouterSites = routers.Select(n => site.Topology.Routers.FirstOrDefault(x => x.Node == n)?.Site ?? "").ToList(),
                };
        }
        if (respond.Has("recover"))
        {
            if (routers is not null) r.Error(respond.Get("targets")!, "'targets' narrows a rollback or names a task's routers; a recovery ends the whole failure");
            if (FailAction.Earlier(site, respond, "recover") is not { } failure) return null;
            return new RespondAction(site.Index, site.Name, site.AtMs, site.Location,
                $"{by} dispatched to recover from '{failure.Name}'{plan}", failure.Index, ramp, stagger) { Team = team, DiagnoseMs = diagnose };
        }
        var of = respond.String("rollback", true);
        if (of is null) return null;
        var undone = site.Earlier.OfType<PushAction>().FirstOrDefault(x => x.Name == of);
        // Only fixed times can be compared; a triggered or injected push may come before or after.
        if (undone is not null && undone.AtMs > site.AtMs && site.AtMs >= 0 && undone.Scheduled)
        {
            r.Error(respond.Get("rollback")!, $"'rollback' names '{of}', which happens after this action; responders can only undo what was done");
            return null;
        }
        if (undone is null)
        {
            r.Error(respond.Get("rollback")!, $"'rollback' must name an earlier push action" +
                                              Suggestions.DidYouMean(of, site.Earlier.OfType<PushAction>().Select(x => x.Name)));
            return null;
        }
        if (routers is not null)
        {
            // A partial rollback: the push's targets that the selector also picks.
            var kept = undone.Targets.Intersect(routers).Order().ToList();
            if (kept.Count == 0)
            {
                r.Error(respond.Get("targets")!, $"'targets' selects none of the {undone.Targets.Count} routers '{of}' changed, so nothing would be rolled back");
                return null;
            }
            routers = kept;
        }
        var edits = new List<string>();
        if (respond.Get("edits") is { } editsNode)
        {
            var pushKinds = undone.Kinds;
            var before = r.Errors.Errors.Count;
            foreach (var n in respond.Sequence("edits") ?? [])
            {
                if (r.AsString(n, "an edit kind") is not { } kind) continue;
                if (!EditKinds.All.Contains(kind)) r.Error(n, $"'{kind}' is not a kind of router edit; expected {string.Join(", ", EditKinds.All)}" + Suggestions.DidYouMean(kind, EditKinds.All));
                else if (!pushKinds.Contains(kind)) r.Error(n, $"'{of}' has no '{kind}' edit to roll back; it has {string.Join(", ", pushKinds)}");
                else if (!edits.Contains(kind)) edits.Add(kind);
            }
            if (edits.Count == 0 && r.Errors.Errors.Count == before) r.Error(editsNode, "'edits' lists no kind of edit; leave it out to roll back all of them");
        }
        var part = (routers is null ? "" : $" on {routers.Count} of its {undone.Targets.Count} targets") + (edits.Count == 0 ? "" : $" ({string.Join(", ", edits)} edits only)");
        var wedge = WedgeReader.Read(r, respond, site.Topology, routers ?? undone.Targets);
        return new RespondAction(site.Index, site.Name, site.AtMs, site.Location,
            $"{by} dispatched to roll back '{of}'{part}{plan}{(wedge is null ? "" : WedgeReader.Describe(wedge))}",
            undone.Index, ramp, stagger) { Routers = routers, Team = team, DiagnoseMs = diagnose, Wedge = wedge, Edits = edits };
    }

    private static string Clip(string s) => s.Length > 60 ? s[..57] + "..." : s;

    public override void Play(NodeContext ctx, DriverContext driver, long cause)
    {
        RespondOrder order;
        if (Task is RespondTasks.Apply or RespondTasks.Restore)
            order = new RespondOrder
            {
                Action = Name, Task = Task, Apply = Apply, Routers = Apply >= 0 ? [driver.Timeline[Apply].Name] : [],
                RestoreRampMs = RestoreRampMs, RestoreStaggerMs = RestoreStaggerMs,
            };
        else if (Task is { } task)
            order = new RespondOrder
            {
                Action = Name, Task = task, Targets = Routers!.ToArray(), Routers = Routers!.Select(n => driver.NodeNames[n]).ToArray(), Sites = RouterSites.ToArray(),
                RestoreRampMs = RestoreRampMs, RestoreStaggerMs = RestoreStaggerMs,
            };
        else
            order = driver.Timeline[Undoes] switch
            {
                // The responders end an earlier failure once they get in (the driver, as the world, then undoes it).
                FailAction failure => new RespondOrder
                {
                    Action = Name, Recover = failure.Name, RecoverAction = failure.Index,
                    RestoreRampMs = RestoreRampMs, RestoreStaggerMs = RestoreStaggerMs,
                },
                // The responders undo the earlier push on the same routers (or the ones selected): each puts back the
                // configuration it had.
                PushAction push => Narrowed(push.RollbackOrder(this, driver)),
                var other => throw new InvalidOperationException($"'{Name}' ({Location}) cannot undo '{other.Name}', a {other.Key} action"),
            };
        order = new RespondOrder
        {
            Action = order.Action, RollbackOf = order.RollbackOf, Targets = order.Targets, RestoreRampMs = order.RestoreRampMs,
            RestoreStaggerMs = order.RestoreStaggerMs, Resolvers = order.Resolvers, Recover = order.Recover, RecoverAction = order.RecoverAction,
            Task = order.Task, Routers = order.Routers, Sites = order.Sites, Team = Team, DiagnoseMs = DiagnoseMs, Wedge = Wedge, Apply = order.Apply,
            Edits = Edits.ToArray(),
        };
        ctx.Send(driver.Responders, Math.Max(ctx.Lookahead, driver.Parameters.LocalHopMs), order, cause);
    }

    private RespondOrder Narrowed(RespondOrder order) => Routers is null ? order : new RespondOrder
    {
        Action = order.Action, RollbackOf = order.RollbackOf, Targets = order.Targets.Where(Routers.Contains).ToArray(),
        RestoreRampMs = order.RestoreRampMs, RestoreStaggerMs = order.RestoreStaggerMs, Resolvers = order.Resolvers,
    };
}
