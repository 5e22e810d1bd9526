using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router's running configuration as config pushes change it: interface admin state, metrics and data filters
/// (ACLs), the IGP overload bit, BGP session policies. Before the first push of each name it keeps a snapshot of what that push
/// changes, and a rollback of the push (<see cref="ConfigPush.RestoreOf"/>) restores exactly that.
/// </summary>
public sealed class ConfigStore(RouterSpec spec, PhysicalLayer physical, IgpProcess igp, BgpSpeaker bgp)
{
    /// <summary>The configuration before each push, by push name: what a rollback of that push restores.</summary>
    private readonly Dictionary<string, Snapshot> _before = new(StringComparer.Ordinal);

    private sealed record Snapshot(Dictionary<int, (bool AdminUp, int Metric, bool DenyData, bool DenyIgp)> Interfaces, bool Overload,
        Dictionary<int, (BgpPolicySpec Policy, bool Shutdown)> Bgp, IReadOnlyList<DataPlane.FlowspecRule> Flowspec);

    public void Apply(NodeContext ctx, ConfigPush push)
    {
        var applied = ctx.Emit(new ConfigApplied(spec.Name, push.Action, push.Interfaces.Length + push.Igp.Length + push.Bgp.Length + push.Acl.Length + push.Flowspec.Length, push.RestoreOf),
            ctx.CurrentCause);
        if (push.RestoreOf is { } undo)
        {
            // A rollback of some kinds of edit only keeps the snapshot for a later rollback of the rest.
            if (push.RestoreKinds.Length == 0) { if (_before.Remove(undo, out var snapshot)) Restore(ctx, snapshot, applied); }
            else if (_before.TryGetValue(undo, out var snapshot)) Restore(ctx, snapshot, applied, push.RestoreKinds);
            return;
        }
        // The first push of a name keeps what it changes; a rollback of it restores exactly that.
        _before.TryAdd(push.Action, new Snapshot(physical.Interfaces.ToDictionary(i => i.Link, i => (i.AdminUp, i.Metric, i.DenyData, i.DenyIgp)), igp.Overload, bgp.Snapshot(),
            bgp.Flowspec.Originated));
        foreach (var edit in push.Interfaces)
            foreach (var iface in physical.Interfaces.Where(i => i.Matches(edit.Match))) SetAdmin(ctx, iface, edit.AdminUp, applied);
        foreach (var edit in push.Igp)
        {
            if (edit.Overload is { } overload) igp.SetOverload(ctx, overload, applied);
            if (edit.Metric is { } metric) foreach (var iface in physical.Interfaces.Where(i => i.Matches(edit.Match))) igp.SetMetric(ctx, iface, metric, applied);
        }
        foreach (var edit in push.Bgp) bgp.Apply(ctx, edit, applied);
        foreach (var edit in push.Acl)
            foreach (var iface in physical.Interfaces.Where(i => i.Matches(edit.Match)))
            {
                if (edit.DenyData is { } denyData) SetAcl(ctx, iface, denyData, applied);
                if (edit.DenyIgp is { } denyIgp) SetIgpAcl(ctx, iface, denyIgp, applied);
            }
        if (push.Flowspec.Length > 0)
        {
            foreach (var edit in push.Flowspec)
                if (edit.Rule is { } rule) bgp.Flowspec.Originate(rule);
                else if (edit.Withdraw is { } name) bgp.Flowspec.Withdraw(name);
            bgp.SyncFlowspec(ctx, applied);
        }
    }

    /// <param name="kinds">The kinds of edit to put back (<see cref="ConfigPush.RestoreKinds"/>); null: everything.</param>
    private void Restore(NodeContext ctx, Snapshot snapshot, long cause, string[]? kinds = null)
    {
        bool All(string kind) => kinds is null || kinds.Contains(kind);
        foreach (var iface in physical.Interfaces)
        {
            var (admin, metric, denyData, denyIgp) = snapshot.Interfaces[iface.Link];
            if (All(EditKinds.Interfaces)) SetAdmin(ctx, iface, admin, cause);
            if (All(EditKinds.Igp)) igp.SetMetric(ctx, iface, metric, cause);
            if (All(EditKinds.Acl)) SetAcl(ctx, iface, denyData, cause);
            if (All(EditKinds.Acl)) SetIgpAcl(ctx, iface, denyIgp, cause);
        }
        if (All(EditKinds.Igp)) igp.SetOverload(ctx, snapshot.Overload, cause);
        if (All(EditKinds.Bgp)) bgp.Restore(ctx, snapshot.Bgp, cause);
        if (All(EditKinds.Flowspec) && (!snapshot.Flowspec.Select(r => r.Name).SequenceEqual(bgp.Flowspec.Originated.Select(r => r.Name)) ||
            !snapshot.Flowspec.Select(r => r.Key).SequenceEqual(bgp.Flowspec.Originated.Select(r => r.Key))))
        {
            bgp.Flowspec.SetOriginated(snapshot.Flowspec);
            bgp.SyncFlowspec(ctx, cause);
        }
    }

    /// <summary>Puts a data filter on (or takes it off) an interface: only the forwarding hardware acts on it, which the
    /// router tells after the message (<see cref="FibProgrammer.SyncLineCards"/>).</summary>
    private static void SetAcl(NodeContext ctx, RouterInterface iface, bool denyData, long cause)
    {
        if (iface.DenyData == denyData) return;
        iface.DenyData = denyData;
        iface.ChangeCause = ctx.Emit(new InterfaceAcl(iface.LinkName, iface.Kind, denyData), cause);
    }

    /// <summary>Puts a filter on the IGP's own packets on (or takes it off) an interface: the IGP acts on it
    /// (<see cref="IgpProcess.SetIgpFilter"/>).</summary>
    private void SetIgpAcl(NodeContext ctx, RouterInterface iface, bool deny, long cause)
    {
        if (iface.DenyIgp == deny) return;
        var e = ctx.Emit(new InterfaceAcl(iface.LinkName, iface.Kind, iface.DenyData, deny ? "deny" : "permit"), cause);
        igp.SetIgpFilter(ctx, iface, deny, e);
    }

    private void SetAdmin(NodeContext ctx, RouterInterface iface, bool up, long cause)
    {
        if (physical.SetAdmin(ctx, iface, up, cause) is { } e) igp.OnCarrierChanged(ctx, iface, e);
    }
}
