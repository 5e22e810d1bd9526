using System.Globalization;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Expectations;

/// <summary>
/// The values a series column can take (docs/outputs.md#series): fractions stay within 0 to 1, counts of the network's
/// links, DNS servers or routers within 0 to how many it has, and every other column counts, measures or rates
/// something, so it is never negative. A condition outside that range can never hold; it is
/// an error when the scenario is validated, not a failure at the end of the run.
/// </summary>
public sealed record SeriesRange(double Min, double Max, string Says)
{
    private static readonly string[] Fractions = ["prefix_visibility", "service_availability"];

    /// <summary>The column's range; counts of the network's parts are bounded by <paramref name="topology"/> when given.</summary>
    public static SeriesRange Of(string column, NetworkTopology? topology = null)
    {
        var head = column.Split(':')[0];
        if (Fractions.Contains(head, StringComparer.Ordinal)) return new SeriesRange(0, 1, "a fraction from 0 to 1");
        var count = topology is null ? (int?)null : head switch
        {
            "backbone_links_up" => topology.Links.Count(l => l.Kind == LinkKinds.Backbone),
            "dns_announcing_servers" => topology.DnsServers.Count,
            "routers_control_plane_down" => topology.Routers.Count,
            _ => null,
        };
        return count is { } n
            ? new SeriesRange(0, n, $"a count from 0 to {n} in this network")
            : new SeriesRange(0, double.PositiveInfinity, "never negative");
    }

    /// <summary>Why <paramref name="bound"/> can never hold on its column, or null when some value meets it.</summary>
    public static string? NeverHolds(SeriesBound bound, NetworkTopology? topology = null)
    {
        var range = Of(bound.Column, topology);
        var v = bound.Value;
        var never = bound.Comparison switch
        {
            "above" => v >= range.Max,
            "below" => v <= range.Min,
            "at_least" => v > range.Max,
            _ => v < range.Min,
        };
        return never
            ? $"'{bound.Comparison}: {v.ToString(CultureInfo.InvariantCulture)}' can never hold: '{bound.Column}' is {range.Says}"
            : null;
    }
}
