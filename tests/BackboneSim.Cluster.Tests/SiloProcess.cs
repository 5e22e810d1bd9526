namespace BackboneSim.Cluster.Tests;

/// <summary>One standalone silo program joined to a Redis-clustered cluster, on free loopback ports.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private SiloProcess(ChildProcess process, string metricsUrl)
    {
        Process = process;
        MetricsUrl = metricsUrl;
    }

    public ChildProcess Process { get; }

    /// <summary>This silo's own /metrics (each process serves its own).</summary>
    public string MetricsUrl { get; }

    /// <summary>Starts the silo and returns once it says it joined (its silo is active in the membership table).</summary>
    public static async Task<SiloProcess> StartAsync(string name, string clusterUrl, params string[] more)
    {
        var process = ChildProcess.StartDotnet(name, Programs.Silo,
            ["--cluster", clusterUrl, "--silo-port", "0", "--gateway-port", "0", "--urls", "http://127.0.0.1:0",
             "--Logging:LogLevel:Orleans", "Warning", .. more]);
        try
        {
            await process.WaitForLineAsync(l => l.Contains("joined the cluster at"), "joining the cluster", TimeSpan.FromSeconds(90));
            var metrics = await process.WaitForLineAsync(l => l.StartsWith("Metrics:", StringComparison.Ordinal), "its metrics address", TimeSpan.FromSeconds(30));
            return new SiloProcess(process, metrics["Metrics:".Length..].Trim());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
