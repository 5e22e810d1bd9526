using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// How a client cohort's front-ends spread each service's users over the data centers that host it. Normally over
/// those the service's <see cref="Placement"/> picks for the cohort's region, by peak power (a data center's size);
/// users of a data center the health checks marked down go where the service's <see cref="FailoverPolicy"/> says.
/// When none of a service's data centers is healthy the balancer fails open and sends users where they normally go,
/// as Envoy's panic mode routes to every host when too few are healthy.
/// </summary>
/// <param name="dataCenters">The data centers by node: site, peak power (the normal weight) and region.</param>
/// <param name="region">The users' region.</param>
/// <param name="distance">How far each data center is from the users' PoPs in the IGP as designed (null: all alike).</param>
public sealed class DataCenterBalancer(IReadOnlyDictionary<int, (string Site, double Weight, string Region)> dataCenters, string region,
    IReadOnlyDictionary<int, double>? distance = null)
{
    private double Distance(int dc) => distance?.GetValueOrDefault(dc, double.PositiveInfinity) ?? 0;

    /// <summary>Where a service's users go: the share sent to each data center, and the share turned away.</summary>
    public sealed record Split(IReadOnlyDictionary<int, double> Shares, double TurnedAway);

    /// <summary>The assignment of every operator service, with what moved where.</summary>
    /// <param name="Moved">Users each data center takes above its normal share, by node.</param>
    /// <param name="TurnedAway">Users with no data center to go to (headroom exhausted).</param>
    public sealed record Assignment(IReadOnlyDictionary<string, Split> Services, IReadOnlyDictionary<int, double> Moved, double TurnedAway)
    {
        public static readonly Assignment None = new(new Dictionary<string, Split>(), new Dictionary<int, double>(), 0);
    }

    /// <summary>The data centers that host a service, in node order.</summary>
    public IEnumerable<int> Hosts(ServiceSpec s) => dataCenters.Where(d => s.DataCenters.Count == 0 || s.DataCenters.Contains(d.Value.Site))
        .Select(d => d.Key).Order();

    /// <summary>Normal shares: by peak power over the hosts the service's placement picks for this region.</summary>
    public Dictionary<int, double> Normal(ServiceSpec s)
    {
        var hosts = Hosts(s).ToList();
        if (s.Placement == Placement.Region && hosts.Any(InRegion)) hosts = hosts.Where(InRegion).ToList();
        if (s.Placement == Placement.Nearest && hosts.Count > 0)
        {
            var nearest = hosts.Min(Distance);
            hosts = hosts.Where(h => Distance(h) <= nearest + 1e-9).ToList();
        }
        var total = hosts.Sum(h => dataCenters[h].Weight);
        return hosts.ToDictionary(h => h, h => total <= 0 ? 1.0 / hosts.Count : dataCenters[h].Weight / total);
    }

    private bool InRegion(int dc) => dataCenters[dc].Region == region;

    /// <param name="services">The operator's services (not third-party) with their users in this cohort.</param>
    /// <param name="healthy">Whether the checks hold a data center healthy.</param>
    /// <param name="roomFor">The users this cohort may add to a data center: its part of the data center's spare
    /// capacity, so that every cohort taking its part never fills a data center past its capacity (0 unless steady).</param>
    public Assignment Assign(IReadOnlyList<(ServiceSpec Service, double Users)> services, Func<int, bool> healthy, Func<int, double> roomFor)
    {
        var splits = new Dictionary<string, Split>(StringComparer.Ordinal);
        var moved = new SortedDictionary<int, double>();
        var normals = services.Select(x => Normal(x.Service)).ToList();
        var room = dataCenters.Keys.ToDictionary(dc => dc, dc => Math.Max(0, roomFor(dc)));

        double turnedAway = 0;
        for (var i = 0; i < services.Count; i++)
        {
            var (s, users, normal) = (services[i].Service, services[i].Users, normals[i]);
            var shares = new SortedDictionary<int, double>(normal);
            var down = normal.Keys.Where(dc => !healthy(dc)).ToList();
            // Users may fail over to any healthy host, not only those they normally use.
            var up = Hosts(s).Where(healthy).ToList();
            var split = new Split(shares, 0);
            if (s.Failover != FailoverPolicy.Pinned && down.Count > 0 && up.Count > 0)
            {
                var displaced = down.Sum(dc => normal[dc]);
                foreach (var dc in down) shares[dc] = 0;
                if (s.Failover == FailoverPolicy.Weighted)
                {
                    // By size over the healthy hosts the placement picks, or over every healthy host if none is left.
                    var near = up.Where(normal.ContainsKey).ToList();
                    if (near.Count == 0) near = up;
                    var weight = near.Sum(dc => dataCenters[dc].Weight);
                    foreach (var dc in near)
                        shares[dc] = shares.GetValueOrDefault(dc) + displaced * (weight <= 0 ? 1.0 / near.Count : dataCenters[dc].Weight / weight);
                }
                else
                {
                    // A waterfall: the spare capacity of the nearest healthy data centers first, then of the next.
                    var left = displaced;
                    foreach (var tier in up.GroupBy(Distance).OrderBy(g => g.Key).Select(g => g.ToList()))
                    {
                        var free = tier.Sum(dc => room[dc]);
                        var placed = users <= 0 || free <= 0 ? 0 : Math.Min(left, free / users);
                        foreach (var dc in tier.Where(_ => placed > 0))
                        {
                            var take = placed * room[dc] / free;
                            shares[dc] = shares.GetValueOrDefault(dc) + take;
                            room[dc] -= take * users;
                        }
                        left -= placed;
                    }
                    split = split with { TurnedAway = left };
                    turnedAway += left * users;
                }
                foreach (var dc in up.Where(shares.ContainsKey))
                    moved[dc] = moved.GetValueOrDefault(dc) + (shares[dc] - normal.GetValueOrDefault(dc)) * users;
            }
            splits[s.Name] = split;
        }
        return new Assignment(splits, moved, turnedAway);
    }
}
