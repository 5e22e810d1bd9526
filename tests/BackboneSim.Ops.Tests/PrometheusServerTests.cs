namespace BackboneSim.Ops.Tests;

/// <summary>A real Prometheus server on loopback scrapes the standalone silo host and answers a query on a simulation series.</summary>
public sealed class PrometheusServerTests
{
    [Fact]
    public async Task Prometheus_scrapes_the_host_and_returns_a_runs_series()
    {
        await using var host = await OpsHost.StartAsync();
        await using var run = await host.StartRunAsync(OpsHost.Facebook, 5 * 60_000);
        await run.RunToEndAsync();
        var services = run.Scenario.Topology.Services.Select(s => s.Name).ToHashSet();
        var links = run.Scenario.Topology.Links.Count(l => l.Kind == Model.Topology.LinkKinds.Backbone);

        await using var prometheus = await PrometheusServer.StartAsync(new Uri(host.Silo.MetricsUrl).Authority);
        var query = $"backbonesim_run_service_availability_ratio{{run=\"{run.Id}\"}}";
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> result;
        while ((result = await prometheus.QueryAsync(query)).Count == 0)
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Prometheus returned nothing for {query} within 60 s. Its log:\n{prometheus.Log}");
            await Task.Delay(500);
        }
        Assert.Equal(services, result.Select(r => r.Labels["service"]).ToHashSet());
        Assert.All(result, r => Assert.Equal(1.0, r.Value)); // five minutes in, before the push, every service is up
        Assert.All(result, r => Assert.Equal("backbonesim", r.Labels["job"]));

        var linksUp = Assert.Single(await prometheus.QueryAsync($"backbonesim_run_backbone_links_up{{run=\"{run.Id}\"}}"));
        Assert.Equal(links, linksUp.Value);
        var up = Assert.Single(await prometheus.QueryAsync("up{job=\"backbonesim\"}"));
        Assert.Equal(1.0, up.Value);
    }
}
