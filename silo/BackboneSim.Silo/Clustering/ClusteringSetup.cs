using System.Net;
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

    /// <summary>Makes this client talk to the cluster's silos through the gateways listed in Redis.</summary>
    public static IClientBuilder UseBackboneSimClustering(this IClientBuilder client, ClusterConnection cluster)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ClusterConnection.ServiceId));
        client.UseRedisClustering(o => o.ConfigurationOptions = cluster.Redis.ToRedisOptions());
        return client;
    }
}
