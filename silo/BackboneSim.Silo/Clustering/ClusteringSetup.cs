using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// The one place that turns a <see cref="ClusterConnection"/> into Orleans clustering, for silos and for clients
/// (the CLI, the standalone silo's web part, the web host), so they can only ever agree.
/// </summary>
public static class ClusteringSetup
{
    /// <summary>Joins this silo to the Redis-clustered cluster, listening and advertising at <paramref name="endpoints"/>.</summary>
    public static ISiloBuilder UseBackboneSimClustering(this ISiloBuilder silo, ClusterConnection cluster, SiloEndpoints endpoints)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ClusterConnection.ServiceId));
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = endpoints.Advertise;
            o.SiloPort = endpoints.SiloPort;
            o.GatewayPort = endpoints.GatewayPort;
            // Listen where we advertise, not on every interface: a loopback silo stays private to this machine.
            o.SiloListeningEndpoint = new IPEndPoint(endpoints.Advertise, endpoints.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(endpoints.Advertise, endpoints.GatewayPort);
        });
        silo.UseRedisClustering(o => o.ConfigurationOptions = cluster.Redis.ToRedisOptions());
        return silo;
    }

    /// <summary>
    /// The command-line options of cluster settings and the configuration keys they set, for
    /// <c>configuration.AddCommandLine(args, ClusteringSetup.SwitchMappings)</c> in any host.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--cluster"] = ClusterConnection.AddressKey,
        ["--cluster-id"] = ClusterConnection.IdKey,
        ["--silo-port"] = SiloEndpoints.SiloPortKey,
        ["--gateway-port"] = SiloEndpoints.GatewayPortKey,
        ["--advertise"] = SiloEndpoints.AdvertiseKey,
    };

    /// <summary>
    /// For a host with one silo of its own (the web host): the Redis cluster the configuration names
    /// (<see cref="ClusterConnection.FromConfiguration"/>), or else a cluster of just this silo on localhost, on free
    /// ports with a fresh cluster id. Throws <see cref="FormatException"/> on bad settings.
    /// </summary>
    public static ISiloBuilder UseBackboneSimClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (ClusterConnection.FromConfiguration(configuration) is { } cluster)
            return silo.UseBackboneSimClustering(cluster, SiloEndpoints.FromConfiguration(configuration));
        var ports = FreePorts.Take(2);
        return silo.UseLocalhostClustering(ports[0], ports[1], serviceId: ClusterConnection.ServiceId, clusterId: "backbonesim-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>
    /// For a host that starts its silo itself: when its start failed because the cluster's Redis does not answer, the
    /// one line to say so (as <see cref="ClusterSilo"/> reports it); otherwise null (not a cluster problem).
    /// </summary>
    public static string? DescribeStartFailure(Exception ex, IConfiguration configuration)
        => ClusterConnection.FromConfiguration(configuration) is { } cluster && RedisFailure.Find(ex) is { } redis
            ? RedisFailure.Describe(cluster.Redis, redis)
            : null;

    /// <summary>Makes this client talk to the cluster's silos through the gateways listed in Redis.</summary>
    public static IClientBuilder UseBackboneSimClustering(this IClientBuilder client, ClusterConnection cluster)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ClusterConnection.ServiceId));
        client.UseRedisClustering(o => o.ConfigurationOptions = cluster.Redis.ToRedisOptions());
        return client;
    }
}
