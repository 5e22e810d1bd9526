namespace BackboneSim.Grains.Tests;

/// <summary>Same scenario and seed, same bytes: in memory, on one silo and on three.</summary>
public class OneSiloDeterminismTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    /// <summary>
    /// The FB cascade up to 16:00 (push, adjacencies lost, every DNS server withdrawn, the Internet's BGP churn,
    /// resolvers failing): the whole 8 h replay, with the responders and the restore, is held on three silos below,
    /// which is the stronger case; one silo adds nothing a shorter run does not prove.
    /// </summary>
    [Fact]
    public async Task FB_cascade_on_one_silo_is_byte_identical_to_the_in_memory_run()
    {
        const long until = 30 * 60_000;
        var reference = await Timelines.InMemory(Timelines.Facebook, until);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Facebook, until);
        Assert.Contains("\"kind\":\"dns.withdraw\"", reference);
        Assert.True(reference.Length > 100_000, "the FB cascade should produce a substantial timeline");
        Assert.Equal(reference, onCluster);
    }

    /// <summary>
    /// On the template's small network: the seed decides its push's spread, its canary's timing and the resolvers'
    /// cache phases, so another seed moves events. (Runs sharing one silo are held by LoadTests, twenty at once.)
    /// </summary>
    [Fact]
    public async Task Same_seed_twice_is_identical_and_another_seed_differs()
    {
        var a = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Template);
        var b = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Template);
        var other = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Template, seed: 7);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
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

    /// <summary>
    /// Up to 15:52: the leak at 15:40, route reflectors failing under full tables, rebooting (first recovery at
    /// 15:50:52) and their sessions coming back. The rest of the 3 h run repeats that loop until the rollback,
    /// which the FB run above already holds on three silos.
    /// </summary>
    [Fact]
    public async Task Route_leak_with_control_plane_failures_on_three_silos_is_byte_identical_to_the_in_memory_run()
    {
        const long until = 22 * 60_000;
        var reference = await Timelines.InMemory(Timelines.RouteLeak, until);
        Assert.Contains("router.control_plane_recovered", reference);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.RouteLeak, until);
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
        Assert.NotEmpty(BackboneSim.Scenarios.ScenarioLoader.Load(Timelines.Template).Configuration);
        var reference = await Timelines.InMemory(Timelines.Template, until);
        var onCluster = await Timelines.OnCluster(fixture.Cluster.Client, Timelines.Template, until);
        Assert.Equal(reference, onCluster);
    }
}
