using System.Net;
using System.Net.Sockets;

namespace BackboneSim.Cli.Tests;

/// <summary>`run --metrics-port`: the run's process serves Prometheus metrics on 127.0.0.1 while the run lasts.</summary>
public class MetricsCliTests
{
    [Fact]
    public async Task A_run_serves_its_series_while_it_lasts()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}/metrics";
        var run = Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--metrics-port", port.ToString());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? seen = null;
        while (!run.IsCompleted && seen is null)
        {
            try
            {
                var text = await http.GetStringAsync(url);
                if (text.Contains("backbonesim_run_info{", StringComparison.Ordinal) && text.Contains("backbonesim_events_total{", StringComparison.Ordinal)) seen = text;
            }
            catch (HttpRequestException) { } // not listening yet
            await Task.Delay(100);
        }
        var result = await run;
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"metrics at {url} while the run lasts", result.Stderr);
        Assert.NotNull(seen); // the FB replay lasts seconds: long enough to be scraped several times
        var info = seen.Split('\n').Single(l => l.StartsWith("backbonesim_run_info{", StringComparison.Ordinal));
        Assert.Contains("runtime=\"memory\"", info);
        Assert.Contains("scenario=\"facebook-2021-10-04\"", info);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(url)); // gone with the run
    }

    [Fact]
    public async Task A_taken_or_invalid_port_is_bad_input()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "1m", "--metrics-port", port.ToString());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"cannot serve metrics on 127.0.0.1:{port}", r.Stderr);

        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--metrics-port", "70000");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--metrics-port must be a TCP port", r.Stderr);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        try { return ((IPEndPoint)l.LocalEndpoint).Port; }
        finally { l.Stop(); }
    }
}
