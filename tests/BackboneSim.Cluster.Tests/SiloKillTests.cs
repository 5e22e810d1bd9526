using System.Globalization;
using System.Text.RegularExpressions;

namespace BackboneSim.Cluster.Tests;

/// <summary>
/// A silo process killed with SIGKILL in the middle of a CLI run on three silo processes: the run goes on and its
/// log is the in-memory run's, byte for byte. Each test has a cluster of its own (the kill spoils it).
/// </summary>
public sealed partial class SiloKillTests : IAsyncLifetime
{
    private const string Facebook = MemoryReference.Facebook;
    private const string Until = MemoryReference.Until;

    private readonly string _dir = Directory.CreateTempSubdirectory("backbonesim-kill-").FullName;
    private MultiProcessCluster? _cluster;

    private MultiProcessCluster Cluster => _cluster!;
    private string Out(string name) => Path.Combine(_dir, name);

    public async Task InitializeAsync() => _cluster = await MultiProcessCluster.StartAsync(3);

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public Task Killing_a_silo_that_hosts_nodes_keeps_the_log_identical() => RunAndKillAsync(coordinator: false);

    [Fact]
    public Task Killing_the_coordinators_silo_keeps_the_log_identical() => RunAndKillAsync(coordinator: true);

    private async Task RunAndKillAsync(bool coordinator)
    {
        var reference = await MemoryReference.EventsAsync();
        var total = new FileInfo(reference).Length;

        // Not quiet: the summary says what the loss cost.
        await using var cli = ChildProcess.StartDotnet("backbonesim", Programs.Cli,
            ["run", Facebook, "--cluster", Cluster.Url, "--until", Until, "--events", Out("cluster.jsonl")]);
        // Which silo coordinates is asked first, while the run starts: asking three /metrics endpoints after the
        // threshold let a quiet machine finish the run's quiet last two thirds before the kill, which then cost
        // nothing (no node rebuilt, no restart) and the cost check below failed.
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        int? host = null;
        while (host is null)
        {
            Assert.True(DateTime.UtcNow < until && !cli.HasExited, $"the run did not start on the cluster within 2 min:\n{cli.Tail()}");
            host = await CoordinatorSiloOrNullAsync();
            if (host is null) await Task.Delay(50);
        }
        // A third of the way in: nodes are spread and the run has state to lose.
        while (!File.Exists(Out("cluster.jsonl")) || new FileInfo(Out("cluster.jsonl")).Length < total / 3)
        {
            Assert.True(DateTime.UtcNow < until && !cli.HasExited, $"the run did not get a third of the way within 2 min:\n{cli.Tail()}");
            await Task.Delay(20);
        }
        var victim = coordinator ? host.Value : (host.Value + 1) % Cluster.Silos.Count;
        Cluster.KillSilo(victim);

        var exit = await cli.WaitForExitAsync(TimeSpan.FromMinutes(4));
        Assert.True(exit == 0, $"the run failed after silo {victim} was killed (coordinator on silo {host}):\n{cli.Tail()}");
        Assert.True(new FileInfo(Out("cluster.jsonl")).Length == total, "the log has the whole run");
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(Out("cluster.jsonl")));

        // And the loss really cost something: nodes rebuilt, or for the coordinator a restart. Killing a silo that
        // hosts only nodes can restart the run too: with Orleans' default grain directory its death also deactivates
        // grains elsewhere whose directory entry it owned, the SimulationGrain among them now and then
        // (docs/architecture.md, Fault tolerance).
        var losses = SiloLosses().Match(cli.Output);
        Assert.True(losses.Success, $"no 'silo losses' row in the summary:\n{cli.Tail(80)}");
        var (rebuilt, restarts) = (long.Parse(losses.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), int.Parse(losses.Groups[2].Value, CultureInfo.InvariantCulture));
        if (coordinator) Assert.True(restarts >= 1, losses.Value);
        else Assert.True(rebuilt > 0 || restarts > 0, losses.Value);
    }

    [GeneratedRegex(@"silo losses\W+([\d,]+) nodes rebuilt, (\d+) restarts?")]
    private static partial Regex SiloLosses();

    /// <summary>
    /// The silo whose /metrics shows the run in progress: its SimulationGrain (the coordinator) lives there; null
    /// while no silo shows it yet.
    /// </summary>
    private async Task<int?> CoordinatorSiloOrNullAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var found = new List<int>();
        for (var i = 0; i < Cluster.Silos.Count; i++)
        {
            var text = await http.GetStringAsync(Cluster.Silos[i].MetricsUrl);
            if (RunsActive().Match(text) is { Success: true } m && double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= 1) found.Add(i);
        }
        Assert.True(found.Count <= 1, $"expected the run on exactly one silo's /metrics, found it on [{string.Join(", ", found)}]");
        return found.Count == 1 ? found[0] : null;
    }

    [GeneratedRegex(@"^backbonesim_runs_active(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline)]
    private static partial Regex RunsActive();
}
