namespace BackboneSim.Grains.Tests;

/// <summary>Same scenario and seed, same bytes: in memory, on one silo and on three.</summary>
public class OneSiloDeterminismTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task Full_FB_run_on_one_silo_is_byte_identical_to_the_in_memory_run()
    {
        var reference = await Timelines.InMemory(Timelines.Facebook);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook);
        Assert.True(reference.Length > 100_000, "the FB run should produce a substantial timeline");
        Assert.Equal(reference, onCluster);
    }

    [Fact]
    public async Task Same_seed_twice_is_identical_and_another_seed_differs()
    {
        const long until = 40 * 60_000;
        var a = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook, until);
        var b = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook, until);
        var other = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook, until, seed: 7);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public async Task Two_runs_at_once_in_one_cluster_each_match_their_run_alone()
    {
        const long until = 90 * 60_000;
        var aloneA = await Timelines.InMemory(Timelines.Facebook, until);
        var aloneB = await Timelines.InMemory(Timelines.Facebook, until, seed: 99);
        var both = await Task.WhenAll(
            Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook, until),
            Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook, until, seed: 99));
        Assert.Equal(aloneA, both[0]);
        Assert.Equal(aloneB, both[1]);
        Assert.NotEqual(both[0], both[1]);
    }
}

public class ThreeSiloDeterminismTests(ThreeSiloCluster fixture) : IClassFixture<ThreeSiloCluster>
{
    [Fact]
    public async Task Full_FB_run_on_three_silos_is_byte_identical_to_the_in_memory_run()
    {
        Assert.Equal(3, fixture.Cluster.Silos.Count);
        var reference = await Timelines.InMemory(Timelines.Facebook);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook);
        Assert.Equal(reference, onCluster);
    }

    [Fact]
    public async Task Route_leak_with_control_plane_failures_on_three_silos_is_byte_identical_to_the_in_memory_run()
    {
        var reference = await Timelines.InMemory(Timelines.RouteLeak);
        Assert.Contains("router.control_plane_recovered", reference);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.RouteLeak);
        Assert.Equal(reference, onCluster);
    }

    [Fact]
    public async Task Watched_rollout_on_three_silos_is_byte_identical_to_the_in_memory_run()
    {
        const long until = 30 * 60_000;
        var reference = await Timelines.InMemory(Timelines.SafeCanary, until);
        Assert.Contains("rollout.halted", reference);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.SafeCanary, until);
        Assert.Equal(reference, onCluster);
    }

    [Fact]
    public async Task A_run_in_a_base_configuration_on_three_silos_is_byte_identical_to_the_in_memory_run()
    {
        const long until = 30 * 60_000;
        Assert.NotEmpty(BackboneSim.Model.Scenario.ScenarioLoader.Load(Timelines.Template).Configuration);
        var reference = await Timelines.InMemory(Timelines.Template, until);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Template, until);
        Assert.Equal(reference, onCluster);
    }
}
