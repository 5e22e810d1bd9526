using BackboneSim.Silo.Clustering;
using BackboneSim.Web.Hosting;

// `dotnet run --project client/BackboneSim.Web`: the web client with a co-hosted silo on http://127.0.0.1:5080.
// With --cluster redis://HOST:PORT its silo joins that cluster (docs/operations.md). Exit codes as the standalone
// silo's: 1 the cluster's Redis does not answer, 2 bad arguments.
WebApplication app;
try
{
    app = WebHost.Build(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"BackboneSim.Web: {ex.Message}");
    return 2;
}
try
{
    await app.StartAsync();
}
catch (Exception ex) when (ClusteringSetup.DescribeStartFailure(ex, app.Configuration) is { } why)
{
    Console.Error.WriteLine($"BackboneSim.Web: {why}");
    return 1;
}
foreach (var url in WebHost.Addresses(app)) Console.WriteLine($"BackboneSim web client: {url}  (Ctrl+C to stop)");
var metrics = app.Services.GetRequiredService<MetricsAccess>().Access;
Console.WriteLine(metrics.Enabled ? $"Metrics: /metrics ({metrics.Reason})" : $"Metrics: not served ({metrics.Reason})");
await app.WaitForShutdownAsync();
return 0;
