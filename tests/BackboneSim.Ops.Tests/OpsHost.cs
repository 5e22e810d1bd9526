using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo;
using BackboneSim.Silo.Hosting;
using BackboneSim.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Ops.Tests;

/// <summary>
/// The real standalone silo host (what silo/BackboneSim.Silo/Program.cs starts) on a free loopback port, with
/// helpers to start runs in its cluster and scrape its /metrics.
/// </summary>
public sealed class OpsHost : IAsyncDisposable
{
    public static readonly string Facebook = RepoPaths.File("scenarios/facebook-2021-10-04.yaml");

    private OpsHost(StandaloneSilo silo) => Silo = silo;

    public StandaloneSilo Silo { get; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<OpsHost> StartAsync(params string[] args)
        => new(await StandaloneSilo.StartAsync(["--urls", "http://127.0.0.1:0", .. args], LogLevel.Warning));

    public async Task<Scrape> ScrapeAsync()
    {
        var text = await Http.GetStringAsync(Silo.MetricsUrl);
        return Scrape.Parse(text);
    }

    /// <summary>
    /// Scrapes until <paramref name="ready"/> holds (the exporter caches a scrape for a few hundred milliseconds, so
    /// a change shows up on a later one), and fails with the last scrape after <paramref name="timeout"/>.
    /// </summary>
    public async Task<Scrape> ScrapeUntilAsync(Func<Scrape, bool> ready, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (ready(scrape)) return scrape;
            if (DateTime.UtcNow > until) Assert.Fail($"{what}: not seen in /metrics within the timeout. Last scrape:\n{scrape.Text}");
            await Task.Delay(200);
        }
    }

    /// <summary>A run started in the cluster and not ended: its series stay exported until <see cref="Run.DisposeAsync"/>.</summary>
    public async Task<Run> StartRunAsync(string scenarioPath, long untilMs)
    {
        var (scenario, bundle) = ScenarioBundle.FromDisk(scenarioPath, null);
        var driver = await OrleansRunDriver.StartAsync(Silo.Grains, bundle, untilMs);
        return new Run(driver, scenario, untilMs);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Silo.DisposeAsync();
    }

    public sealed class Run(OrleansRunDriver driver, ScenarioDefinition scenario, long untilMs) : IAsyncDisposable
    {
        public string Id => driver.Info.RunId;
        public ScenarioDefinition Scenario => scenario;

        /// <summary>Pulls the run to its end; returns its --events text and the last batch.</summary>
        public async Task<(string Events, RunBatch Last)> RunToEndAsync()
        {
            var text = new StringWriter { NewLine = "\n" };
            var last = await driver.RunToEndAsync(new JsonLinesEventWriter(text, scenario.Start), untilMs);
            return (text.ToString(), last);
        }

        /// <summary>Ends the run (its grains go, and so do its series).</summary>
        public ValueTask DisposeAsync() => driver.DisposeAsync();
    }

    /// <summary>The same run in memory, without metrics: its --events text and its state at the end.</summary>
    public static async Task<(string Events, Analysis.Observation.RunState State)> InMemoryAsync(string scenarioPath, long untilMs)
    {
        var (scenario, _) = ScenarioBundle.FromDisk(scenarioPath, null);
        var factory = new SimulationFactory(scenario);
        var state = new Analysis.Observation.RunState(factory);
        var text = new StringWriter { NewLine = "\n" };
        await using var driver = InMemoryRun.Create(factory, untilMs);
        await driver.RunToEndAsync(new CompositeSink([new JsonLinesEventWriter(text, scenario.Start), new StateSink(state)]), untilMs);
        return (text.ToString(), state);
    }

    private sealed class StateSink(Analysis.Observation.RunState state) : IEventSink
    {
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
        {
            foreach (var e in events) state.Apply(e);
        }

        public void OnFinished(long endMs) { }
    }
}
