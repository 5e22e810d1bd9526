using BackboneSim.Silo.Clustering;
using BackboneSim.Silo.Dashboard;
using BackboneSim.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// The standalone silo: N silos on localhost clustering for trying the cluster by hand, or (--cluster) one silo of a
// Redis-clustered cluster of processes and machines; with /metrics (Prometheus) and the Orleans Dashboard on a
// loopback address. Exit codes: 0 stopped, 1 the cluster's Redis does not answer, 2 bad arguments.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(StandaloneSilo.Usage);
    return 0;
}
StandaloneSilo silo;
try
{
    silo = await StandaloneSilo.StartAsync(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or DashboardConfigurationException)
{
    Console.Error.WriteLine($"BackboneSim.Silo: {ex.Message}");
    Console.Error.WriteLine(StandaloneSilo.Usage);
    return 2;
}
catch (ClusterUnavailableException ex)
{
    Console.Error.WriteLine($"BackboneSim.Silo: {ex.Message}");
    return 1;
}
await using (silo)
{
    Console.WriteLine($"{silo.Description}; Ctrl+C to stop.");
    Console.WriteLine($"Metrics:   {silo.MetricsUrl}");
    Console.WriteLine(silo.Dashboard.Enabled
        ? $"Dashboard: {silo.Urls[0].TrimEnd('/')}{DashboardAccess.Path}/ ({silo.Dashboard.Reason})"
        : $"Dashboard: off ({silo.Dashboard.Reason})");
    await silo.Web.WaitForShutdownAsync(); // Ctrl+C or SIGTERM
}
return 0;
