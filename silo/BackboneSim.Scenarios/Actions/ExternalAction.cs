using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// <c>external:</c> — an external network acts on one of its BGP sessions: <c>shutdown</c> (a Cease NOTIFICATION; the
/// session stays down until <c>restore</c>: a de-peering), <c>reset</c> (closed and opened again at once, so both ends
/// send everything anew) or <c>restore</c>. <c>with:</c> names the peer: an operator edge router the AS has a
/// session with, or a neighbouring AS by number; without it, every session of the AS with the operator.
/// </summary>
public sealed record ExternalAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets, string Description,
    int AsNode, int Peer, string PeerName, string Command)
    : TimelineAction(Index, Name, AtMs, Location, Targets, Description), IActionKind<ExternalAction>
{
    public static string YamlKey => "external";
    public override string Key => YamlKey;

    /// <summary>What a session can be told, in the order errors list them.</summary>
    public static readonly string[] Commands = ["shutdown", "reset", "restore"];

    public static ExternalAction? Read(ActionSite site)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (site.Map.SubMap("external", true, "as", "with", "session") is not { } external) return null;
        var asn = external.Integer("as", 1, 4_294_967_295, required: true);
        var command = external.Choice("session", Commands, required: true);
        var with = external.String("with");
        if (asn is null || command is null) return null;
        var asSpec = topology.ExternalAses.FirstOrDefault(a => a.Asn == asn);
        if (asSpec is null)
        {
            var known = topology.ExternalAses.Select(a => a.Asn.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            r.Error(external.Get("as")!, $"no external AS {asn} in the topology{Suggestions.DidYouMean(asn.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), known)}");
            return null;
        }
        var routers = topology.Peerings.Where(p => p.AsNode == asSpec.Node).Select(p => p.RouterNode).Order().ToList();
        var neighbours = topology.AsLinks.Where(l => l.A == asSpec.Node || l.B == asSpec.Node).Select(l => l.A == asSpec.Node ? l.B : l.A).Order().ToList();
        int peer = -1;
        string peerName = "";
        if (with is not null)
        {
            var asPeer = topology.ExternalAses.FirstOrDefault(a => a.Asn.ToString(System.Globalization.CultureInfo.InvariantCulture) == with);
            var router = routers.FirstOrDefault(n => topology.NodeNames[n] == with, -1);
            if (asPeer is not null && neighbours.Contains(asPeer.Node)) (peer, peerName) = (asPeer.Node, asPeer.Name);
            else if (router >= 0) (peer, peerName) = (router, with);
            else
            {
                var candidates = routers.Select(n => topology.NodeNames[n])
                    .Concat(neighbours.Select(n => topology.ExternalAses.First(a => a.Node == n).Asn.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                r.Error(external.Get("with")!, $"AS {asn} has no session with '{with}'{Suggestions.DidYouMean(with, candidates)}" +
                                               (candidates.Count > 0 ? $" (its sessions: {string.Join(", ", candidates)})" : " (it has no sessions)"));
                return null;
            }
        }
        else if (routers.Count == 0)
        {
            r.Error(external.Get("as")!, $"AS {asn} has no session with the operator; name a neighbouring AS in 'with'");
            return null;
        }
        var whom = with is null ? "every session with the operator" : $"its session with {peerName}";
        var what = command switch
        {
            "shutdown" => $"AS {asn} shuts {whom} down (until a restore)",
            "reset" => $"AS {asn} resets {whom}",
            _ => $"AS {asn} restores {whom}",
        };
        return new ExternalAction(site.Index, site.Name, site.AtMs, site.Location, [asSpec.Node], what, asSpec.Node, peer, peerName, command);
    }

    public override void Play(NodeContext ctx, DriverContext driver, long cause) =>
        ctx.Send(AsNode, ctx.Lookahead, new ExternalSessionCommand { Peer = Peer, PeerName = PeerName, Command = Command }, cause);
}
