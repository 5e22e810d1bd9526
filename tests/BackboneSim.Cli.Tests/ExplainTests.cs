using BackboneSim.Tests.Shared;

namespace BackboneSim.Cli.Tests;

public class ExplainTests
{
    private static int PushLine()
        => Array.FindIndex(File.ReadAllLines(RepoPaths.File("scenarios/facebook-2021-10-04.yaml")), l => l.Contains("- at: 15:39:00")) + 1;

    [Fact]
    public async Task A_withdrawn_DNS_server_is_explained_back_to_the_push_line()
    {
        var r = await Cli.RunAsync("explain", "scenarios/facebook-2021-10-04.yaml", "p-gru-dns1", "--at", "16:00:00");
        Assert.Equal(0, r.ExitCode);
        var flat = r.Stdout.Replace("\n", " ");
        Assert.Contains("dns.withdraw", flat);
        foreach (var step in new[] { "scenario.action", "config.applied", "igp.adjacency_down", "igp.dc_reachability" })
            Assert.Contains(step, flat);
        Assert.Contains($"facebook-2021-10-04.yaml:{PushLine()}:5", flat);
    }

    [Fact]
    public async Task A_service_in_a_cohort_names_the_failure_that_set_its_state()
    {
        var r = await Cli.RunAsync("explain", "scenarios/facebook-2021-10-04.yaml", "instagram.com", "--in", "as28573-users", "--at", "16:00:00");
        Assert.Equal(0, r.ExitCode);
        var flat = r.Stdout.Replace("\n", " ");
        // By 16:00 DNS has failed too, but what took Instagram down for them was the front-ends losing the data
        // centers at 15:39: explain names the change of availability, not a later change while it stayed down. The
        // last gateway's traffic stopped arriving at a step of the data plane that found what its front-ends still
        // sent lost on the way (its share delivered, told by the data plane), after the IGP's reaction to the push
        // reached the forwarding hardware: a router's SPF losing the data centers, or (since MinLSArrival holds back
        // LSAs re-originated within a second, so that control planes learn of the cut links later) a FIB
        // reprogrammed after an LSA. The chain runs through both.
        Assert.Contains("front_end=False", flat);
        Assert.Contains("igp.adjacency_down", flat);
        Assert.Contains("igp.lsa_originated", flat);
        Assert.True(flat.Contains("igp.dc_reachability") || flat.Contains("fib.programmed"), flat);
        Assert.Contains("backbone.traffic", flat);
        Assert.Contains("lost_no_route_gbps", flat);
        Assert.Matches(@"most_lost_at=\S+", flat); // where the traffic died
        Assert.DoesNotContain("resolver.servfail", flat);
    }

    [Fact]
    public async Task Before_the_push_nothing_has_happened_to_it()
    {
        var r = await Cli.RunAsync("explain", "scenarios/facebook-2021-10-04.yaml", "facebook.com", "--at", "15:35:00");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("unchanged since the start", r.Stdout.Replace("\n", " "));
    }

    [Fact]
    public async Task Unknown_targets_and_times_are_bad_input()
    {
        var r = await Cli.RunAsync("explain", "scenarios/facebook-2021-10-04.yaml", "instagrm.com");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("did you mean 'instagram.com'?", r.Stderr);
        r = await Cli.RunAsync("explain", "scenarios/facebook-2021-10-04.yaml", "facebook.com", "--at", "9h");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--at must be a time inside the run", r.Stderr);
    }
}
