namespace BackboneSim.Cli.Tests;

/// <summary>The messages a first-time user meets: readable, one per mistake, with a suggestion where one helps.</summary>
public class MessageTests
{
    private const string Fb = "scenarios/facebook-2021-10-04.yaml";

    private static void AssertUsage(Cli.Result r, string text)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(text, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task A_seed_that_is_not_a_number_says_so_without_dotnet_type_names()
    {
        var r = await Cli.RunAsync("run", Fb, "--seed", "abc");
        AssertUsage(r, "--seed must be a whole number, not 'abc'");
        Assert.DoesNotContain("System.", r.Stderr);
        r = await Cli.RunAsync("explain", Fb, "facebook.com", "--seed", "abc");
        AssertUsage(r, "--seed must be a whole number, not 'abc'");
        r = await Cli.RunAsync("run", Fb, "--silos", "x");
        AssertUsage(r, "--silos must be a whole number, not 'x'");
        Assert.DoesNotContain("System.", r.Stderr);
    }

    [Fact]
    public async Task A_misspelt_command_or_option_gets_did_you_mean()
    {
        var r = await Cli.RunAsync("rnu", Fb);
        AssertUsage(r, "unknown command 'rnu' — did you mean 'run'?");
        Assert.DoesNotContain("Required command", r.Stderr);
        Assert.DoesNotContain(Fb, r.Stderr); // its argument is not a second error
        r = await Cli.RunAsync("run", Fb, "--unitl", "1h");
        AssertUsage(r, "unknown option '--unitl' for 'run' — did you mean '--until'?");
        Assert.DoesNotContain("'1h'", r.Stderr);
    }

    [Fact]
    public async Task Help_as_a_command_prints_the_help()
    {
        var r = await Cli.RunAsync("help");
        Assert.Equal((0, ""), (r.ExitCode, r.Stderr));
        Assert.Contains("Usage:", r.Stdout);
        r = await Cli.RunAsync("help", "run");
        Assert.Equal((0, ""), (r.ExitCode, r.Stderr));
        Assert.Contains("backbonesim run <SCENARIO>", r.Stdout);
    }

    [Fact]
    public async Task Run_on_a_folder_says_it_is_a_folder()
    {
        var r = await Cli.RunAsync("run", "scenarios");
        AssertUsage(r, "scenarios is a folder, not a scenario file; for example: scenarios/");
        Assert.DoesNotContain("file not found", r.Stderr);
    }

    [Fact]
    public async Task A_misspelt_scenario_path_or_library_name_gets_a_suggestion()
    {
        var r = await Cli.RunAsync("run", "scenarios/facebok-2021-10-04.yaml");
        AssertUsage(r, "scenarios/facebok-2021-10-04.yaml:1:1: file not found — did you mean 'scenarios/facebook-2021-10-04.yaml'?");
        r = await Cli.RunAsync("validate", "facebok-2021-10-04");
        AssertUsage(r, "file not found — did you mean 'facebook-2021-10-04'?");
    }

    [Fact]
    public async Task A_library_name_runs_the_library_scenario()
    {
        var r = await Cli.RunAsync("run", "facebook-2021-10-04", "--runtime", "memory", "--until", "1m");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Key moments", r.Stdout);
        Assert.Contains("A backbone capacity check takes every link down", r.Stdout);
        r = await Cli.RunAsync("validate", "facebook-2021-10-04");
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public async Task Explain_suggests_the_service_a_short_name_means()
    {
        var r = await Cli.RunAsync("explain", Fb, "instagram");
        AssertUsage(r, "no node, service or prefix named 'instagram' — did you mean 'instagram.com'?");
    }

    [Fact]
    public async Task A_repeated_inject_says_it_is_fired_twice()
    {
        var r = await Cli.RunAsync("run", "scenarios/template-your-network.yaml", "--runtime", "memory", "--until", "1m",
            "--inject", "second-push", "--inject", "second-push");
        AssertUsage(r, "--inject second-push: 'second-push' is fired twice");
        Assert.DoesNotContain("did you mean", r.Stderr);
    }

    [Fact]
    public async Task Validate_checks_a_topology_file_as_a_topology()
    {
        var r = await Cli.RunAsync("validate", "scenarios/topologies/hyperscaler.yaml");
        Assert.Equal((0, ""), (r.ExitCode, r.Stderr));
        Assert.Contains("scenarios/topologies/hyperscaler.yaml: ok — topology, 765 nodes", r.Stdout);
    }

    [Fact]
    public async Task A_broken_topology_file_is_reported_at_its_own_lines()
    {
        var dir = Directory.CreateTempSubdirectory("bbsim-topo-").FullName;
        try
        {
            var path = Path.Combine(dir, "net.yaml");
            File.WriteAllText(path, "generator: explicit\noperator: { name: Op, asn: 64500 }\nsites: [{ name: a, lat: 0, lon: 0, regon: eu }]\n");
            var r = await Cli.RunAsync("validate", path);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("net.yaml:3:", r.Stderr);
            Assert.DoesNotContain("the scenario is missing", r.Stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
