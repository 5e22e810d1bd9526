using BackboneSim.Silo.Dashboard;
using BackboneSim.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// A standalone silo on localhost clustering, for trying the cluster by hand, with /metrics (Prometheus) and the
// Orleans Dashboard on a loopback address. Real multi-process clustering (Redis) is the operations issue; until then
// the CLI's embedded cluster is the supported way to run.
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
await using (silo)
{
    Console.WriteLine($"{silo.Cluster.Silos} BackboneSim silo(s) running on localhost; Ctrl+C to stop.");
    Console.WriteLine($"Metrics:   {silo.MetricsUrl}");
    Console.WriteLine(silo.Dashboard.Enabled
        ? $"Dashboard: {silo.Urls[0].TrimEnd('/')}{DashboardAccess.Path}/ ({silo.Dashboard.Reason})"
        : $"Dashboard: off ({silo.Dashboard.Reason})");
    await silo.Web.WaitForShutdownAsync(); // Ctrl+C or SIGTERM
}
return 0;
