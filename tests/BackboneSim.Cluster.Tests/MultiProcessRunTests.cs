using System.Globalization;
using System.Text.RegularExpressions;

namespace BackboneSim.Cluster.Tests;

/// <summary>The CLI as a client of three silo processes clustered through a real Redis.</summary>
public sealed partial class MultiProcessRunTests(ThreeSiloProcesses fixture) : IClassFixture<ThreeSiloProcesses>, IDisposable
{
    private const string Facebook = MemoryReference.Facebook;
    private const string Until = MemoryReference.Until;

    private readonly string _dir = Directory.CreateTempSubdirectory("backbonesim-cluster-").FullName;

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task Facebook_on_three_silo_processes_writes_the_same_events_as_in_memory()
    {
        var reference = await MemoryReference.EventsAsync();
        var before = await ActivationsPerSiloAsync();

        var cluster = await Programs.RunCliAsync(["run", Facebook, "--cluster", fixture.Cluster.Url, "--until", Until, "--events", Out("cluster.jsonl"), "-q"]);
        Assert.True(cluster.ExitCode == 0, cluster.Output);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(Out("cluster.jsonl")));

        // The run really spread over the three processes: every silo activated node grains of its own.
        var after = await ActivationsPerSiloAsync();
        for (var i = 0; i < after.Length; i++)
            Assert.True(after[i] - before[i] >= 50, $"silo {i} activated {after[i] - before[i]} grains during the run; expected node grains on every silo");
    }

    [Fact]
    public async Task Ctrl_C_ends_a_cluster_run_cleanly_with_the_events_so_far()
    {
        await using var cli = ChildProcess.StartDotnet("backbonesim", Programs.Cli,
            ["run", Facebook, "--cluster", fixture.Cluster.Url, "--events", Out("interrupted.jsonl")]);
        await cli.WaitForLineAsync(l => l.Contains("connecting to the cluster"), "connecting", TimeSpan.FromSeconds(60));
        // Interrupt once events are flowing (the file grows as batches arrive).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!File.Exists(Out("interrupted.jsonl")) || new FileInfo(Out("interrupted.jsonl")).Length < 100_000)
        {
            Assert.True(DateTime.UtcNow < until && !cli.HasExited, $"no events within 90 s:\n{cli.Tail()}");
            await Task.Delay(100);
        }
        await cli.SignalAsync("INT");

        Assert.Equal(130, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("interrupted at", cli.Output);
        // What was written is a prefix of the whole run's log, ending on a whole line.
        var written = await File.ReadAllTextAsync(Out("interrupted.jsonl"));
        Assert.EndsWith("\n", written);
        var reference = await File.ReadAllTextAsync(await MemoryReference.EventsAsync());
        Assert.True(reference.Length > written.Length, "the interrupted run stopped before the end");
        Assert.StartsWith(written, reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_id_no_silo_uses_fails_fast_and_says_so()
    {
        var r = await Programs.RunCliAsync(["run", Facebook, "--cluster", fixture.Cluster.Url, "--cluster-id", "nobody-here", "--connect-timeout", "3s",
            "--events", Out("none.jsonl")], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 4, r.Output);
        Assert.Contains($"no silo answered at {fixture.Cluster.Url} (cluster id 'nobody-here') within 3 s: is a silo running?", r.Output);
        Assert.True(r.Wall < TimeSpan.FromSeconds(30), $"took {r.Wall}");
        Assert.False(File.Exists(Out("none.jsonl")), "nothing is written when there is no cluster");
    }

    [Fact]
    public async Task A_second_silo_on_a_port_in_use_refuses_to_start()
    {
        // Orleans' default ports may be free here, so take one ourselves.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        await using var silo = ChildProcess.StartDotnet("silo", Programs.Silo, ["--cluster", fixture.Cluster.Url, "--silo-port", port, "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"--silo-port {port}: cannot listen on 127.0.0.1:{port}", silo.Output);
    }

    /// <summary>Grains each silo process has activated so far, from its own /metrics.</summary>
    private async Task<long[]> ActivationsPerSiloAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var counts = new List<long>();
        foreach (var silo in fixture.Cluster.Silos)
        {
            var text = await http.GetStringAsync(silo.MetricsUrl);
            counts.Add(ActivationCreated().Matches(text).Sum(m => (long)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        }
        return counts.ToArray();
    }

    [GeneratedRegex(@"^orleans_catalog_activation_created(?:_total)?(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline)]
    private static partial Regex ActivationCreated();

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
