using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// How a client cohort's front-ends spread each service's users over the data centers that host it. Normally by
/// peak power (a data center's size); users of a data center the health checks marked down go where the service's
/// <see cref="FailoverPolicy"/> says. When none of a service's data centers is healthy the balancer fails open and
/// sends users where they normally go, as Envoy's panic mode routes to every host when too few are healthy.
/// </summary>
/// <param name="dataCenters">The data centers by node: site and peak power (the normal weight).</param>
public sealed class DataCenterBalancer(IReadOnlyDictionary<int, (string Site, double Weight)> dataCenters)
{
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

    /// <summary>Normal shares: by peak power over the hosts.</summary>
    public Dictionary<int, double> Normal(ServiceSpec s)
    {
        var hosts = Hosts(s).ToList();
        var total = hosts.Sum(h => dataCenters[h].Weight);
        return hosts.ToDictionary(h => h, h => total <= 0 ? 1.0 / hosts.Count : dataCenters[h].Weight / total);
    }

    /// <param name="services">The operator's services (not third-party) with their users in this cohort.</param>
    /// <param name="healthy">Whether the checks hold a data center healthy.</param>
    /// <param name="spare">Load a data center can take above its own (a share of its normal load), 0 unless steady.</param>
    public Assignment Assign(IReadOnlyList<(ServiceSpec Service, double Users)> services, Func<int, bool> healthy, Func<int, double> spare)
    {
        var splits = new Dictionary<string, Split>(StringComparer.Ordinal);
        var moved = new SortedDictionary<int, double>();
        // What each data center may still take from this cohort: its spare share of this cohort's normal users on it,
        // so that every cohort taking its part never fills a data center past its capacity.
        var normals = services.Select(x => Normal(x.Service)).ToList();
        var room = new Dictionary<int, double>();
        for (var i = 0; i < services.Count; i++)
            foreach (var (dc, share) in normals[i]) room[dc] = room.GetValueOrDefault(dc) + services[i].Users * share;
        foreach (var dc in room.Keys.ToList()) room[dc] *= Math.Max(0, spare(dc));

        double turnedAway = 0;
        for (var i = 0; i < services.Count; i++)
        {
            var (s, users, normal) = (services[i].Service, services[i].Users, normals[i]);
            var shares = new SortedDictionary<int, double>(normal);
            var down = normal.Keys.Where(dc => !healthy(dc)).ToList();
            var up = normal.Keys.Where(healthy).ToList();
            var split = new Split(shares, 0);
            if (s.Failover != FailoverPolicy.Pinned && down.Count > 0 && up.Count > 0)
            {
                var displaced = down.Sum(dc => normal[dc]);
                foreach (var dc in down) shares[dc] = 0;
                if (s.Failover == FailoverPolicy.Weighted)
                {
                    var weight = up.Sum(dc => normal[dc]);
                    foreach (var dc in up) shares[dc] += displaced * normal[dc] / weight;
                }
                else
                {
                    var free = up.Sum(dc => room[dc]);
                    var placed = users <= 0 ? 0 : Math.Min(displaced, free / users);
                    foreach (var dc in up.Where(dc => free > 0))
                    {
                        var take = placed * room[dc] / free;
                        shares[dc] += take;
                        room[dc] -= take * users;
                    }
                    split = split with { TurnedAway = displaced - placed };
                    turnedAway += (displaced - placed) * users;
                }
                foreach (var dc in up) moved[dc] = moved.GetValueOrDefault(dc) + (shares[dc] - normal[dc]) * users;
            }
            splits[s.Name] = split;
        }
        return new Assignment(splits, moved, turnedAway);
    }
}
