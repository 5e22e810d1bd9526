using System.Net;
using BackboneSim.Silo;
using BackboneSim.Silo.Clustering;
using BackboneSim.Silo.Dashboard;
using BackboneSim.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The standalone silo: N silos on localhost clustering for trying the cluster by hand, or (--cluster) one silo of a
// Redis-clustered cluster of processes and machines; with /metrics (Prometheus) and the Orleans Dashboard on a
// loopback address. Exit codes: 0 stopped, 1 the cluster's Redis does not answer, 2 bad arguments.
// BackboneSim.Silo --join CLUSTER PORT: one silo joining the embedded cluster whose first silo listens on PORT, in a
// process of its own (the bench kills it to measure recovery from a silo loss).
if (args.Length == 3 && args[0] == "--join")
{
    var ports = FreePorts.Take(2);
    using var joined = await EmbeddedCluster.StartSiloAsync(args[1], new IPEndPoint(IPAddress.Loopback, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)), ports[0], ports[1], LogLevel.Error);
    Console.WriteLine($"joined {args[1]}"); // the parent waits for this line
    var done = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
    await done.Task;
    return 0;
}
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
