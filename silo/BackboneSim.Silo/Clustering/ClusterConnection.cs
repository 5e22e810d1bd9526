using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// Which cluster a silo joins or a client talks to, when it is not the embedded localhost cluster: the Redis server
/// that holds the membership table and the cluster id. Every BackboneSim host reads it the same way, from the
/// configuration keys <see cref="AddressKey"/> and <see cref="IdKey"/> (the command-line options <c>--cluster</c> and
/// <c>--cluster-id</c>, or the environment variables <c>Cluster__Address</c> and <c>Cluster__Id</c>).
/// </summary>
public sealed partial record ClusterConnection(ClusterAddress Redis, string ClusterId)
{
    public const string AddressKey = "Cluster:Address";
    public const string IdKey = "Cluster:Id";

    /// <summary>
    /// The cluster id when none is given. Silos and clients with the same Redis and cluster id form one cluster;
    /// another id on the same Redis is another cluster (its own membership key).
    /// </summary>
    public const string DefaultClusterId = "backbonesim";

    /// <summary>
    /// The Orleans service id, the same for every BackboneSim cluster (embedded or not). It names the application,
    /// and Orleans keys the membership table by it and the cluster id.
    /// </summary>
    public const string ServiceId = "backbonesim";

    /// <summary>Parses the two settings; throws <see cref="FormatException"/> on a bad address or cluster id.</summary>
    public static ClusterConnection Parse(string address, string? clusterId = null)
    {
        var id = string.IsNullOrWhiteSpace(clusterId) ? DefaultClusterId : clusterId.Trim();
        if (!ClusterIdPattern().IsMatch(id))
            throw new FormatException($"--cluster-id must be 1-64 letters, digits, '.', '_' or '-', not '{id}'");
        return new ClusterConnection(ClusterAddress.Parse(address), id);
    }

    /// <summary>The connection the configuration names, or null for the embedded localhost cluster (no <see cref="AddressKey"/>).</summary>
    public static ClusterConnection? FromConfiguration(IConfiguration configuration)
    {
        var address = configuration[AddressKey];
        if (address is null)
        {
            if (configuration[IdKey] is not null) throw new FormatException("--cluster-id needs --cluster (the embedded cluster has an id of its own)");
            return null;
        }
        return Parse(address, configuration[IdKey]);
    }

    public override string ToString() => ClusterId == DefaultClusterId ? Redis.ToString() : $"{Redis} (cluster id '{ClusterId}')";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClusterIdPattern();
}
