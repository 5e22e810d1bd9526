namespace BackboneSim.Model.Nodes;

/// <summary>
/// The way the front-ends' responses take back to each client cohort's users (with <c>frontend_catchment: bgp</c>):
/// from the operator router where the users' requests entered, out where BGP sends traffic to the cohort's Internet
/// aggregate (<see cref="InternetExits"/>), then AS by AS along each AS's best route to the AS that originates it
/// (<see cref="AnycastCatchment.AsPathTo"/>). What <see cref="InterAsTraffic"/> loads with the responses.
/// </summary>
/// <param name="aggregateOf">Each client cohort's destination: the first aggregate its AS originates, and that AS.</param>
public sealed class ResponseRoutes(InternetExits exits, IReadOnlyDictionary<int, (string Aggregate, int As)> aggregateOf)
{
    public InternetExits Exits => exits;

    /// <summary>Each cohort's way back, keyed by cohort: the exit router, then the ASes to the users' AS; null where the
    /// responses have none. Cohorts whose requests enter nowhere, or whose AS has no aggregate, are left out.</summary>
    /// <param name="forward">Each cohort's way in (<see cref="AnycastCatchment.FrontEndPaths"/>): it ends at the entry router.</param>
    /// <param name="usable">Whether traffic from the entry router (first) can leave at an exit router (second).</param>
    /// <param name="igpCost">The IGP cost from the entry router (first) to an exit router (second).</param>
    public Dictionary<int, IReadOnlyList<int>?> Of(IEnumerable<(int Client, IReadOnlyList<int> Path)> forward, AnycastCatchment catchment,
        Func<int, int, bool> usable, Func<int, int, double> igpCost)
    {
        var result = new Dictionary<int, IReadOnlyList<int>?>();
        foreach (var (client, path) in forward)
        {
            if (path.Count == 0 || !aggregateOf.TryGetValue(client, out var users)) continue;
            var entry = path[^1];
            var exit = exits.Exit(entry, users.Aggregate, r => usable(entry, r), r => igpCost(entry, r));
            var ases = exit is null ? null : catchment.AsPathTo(exit.As, users.Aggregate);
            // A way that ends at another AS (one that announced a more-specific of the users' aggregate) does not reach them.
            result[client] = ases is null || ases[^1] != users.As ? null : [exit!.Router, .. ases];
        }
        return result;
    }
}
