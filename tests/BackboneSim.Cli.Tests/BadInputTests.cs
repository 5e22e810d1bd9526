namespace BackboneSim.Cli.Tests;

/// <summary>Bad input gets exit code 2 and FILE:LINE:COL: message on stderr, never a stack trace.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public BadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertBadInput(Cli.Result r, string expectedLocation, string expectedText)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{expectedLocation}: ", r.Stderr);
        Assert.Contains(expectedText, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
    }

    [Fact]
    public async Task Missing_file()
        => AssertBadInput(await Cli.RunAsync("run", Path.Combine(_dir, "missing.yaml")), "missing.yaml:1:1", "file not found");

    [Fact]
    public async Task Bad_yaml()
        => AssertBadInput(await Cli.RunAsync("run", Write("bad.yaml", "scenario: x\n  title: oops\n")), "bad.yaml:2:8", "YAML syntax");

    [Fact]
    public async Task Unknown_field_with_suggestion()
    {
        var path = Write("typo.yaml", "scenario: x\ntitel: t\n");
        var r = await Cli.RunAsync("validate", path);
        AssertBadInput(r, "typo.yaml:2:1", "unknown field 'titel' in the scenario — did you mean 'title'?");
    }

    [Fact]
    public async Task Wrong_type()
    {
        var path = Write("type.yaml", "scenario: x\ntitle: t\nstart: 2021-10-04T15:30:00Z\nduration: long\ntopology: { include: nothing.yaml }\n");
        var r = await Cli.RunAsync("run", path);
        AssertBadInput(r, "type.yaml:4:11", "'duration' must be a duration like 10s");
    }

    [Fact]
    public async Task Bad_options_are_usage_errors()
    {
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--silos", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--silos must be between 1 and 16", r.Stderr);
        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--until", "yesterday", "--runtime", "memory");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--until must be", r.Stderr);
        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--until", "9h", "--runtime", "memory");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("past the scenario's end", r.Stderr);
        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "quantum");
        Assert.Equal(2, r.ExitCode);
    }

    [Theory]
    [InlineData("scenarios/facebook-2021-10-04.yaml")]
    [InlineData("scenarios/ibgp-route-leak.yaml")]
    [InlineData("scenarios/secondary-dns-what-if.yaml")]
    public async Task Validate_accepts_the_library_scenarios(string scenario)
    {
        var r = await Cli.RunAsync("validate", scenario);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ok", r.Stdout);
    }

    [Fact]
    public async Task A_bad_bgp_change_names_the_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-bgp-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            scenario: bad-bgp
            title: bad
            start: 2021-10-04T15:30:00Z
            duration: 1h
            topology:
              generator: hyperscaler
              operator: { name: Op, asn: 64500 }
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
            timeline:
              - at: +5m
                push:
                  targets: { role: any }
                  change:
                    - bgp: { peer: ibgpp, announce: [internets] }
            """);
        try
        {
            var r = await Cli.RunAsync("validate", path);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(":14:", r.Stderr);
            Assert.Contains("did you mean 'ibgp'", r.Stderr);
            Assert.Contains("'internets' is not a route filter entry", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_fifo_scenario_or_a_nul_in_an_include_exits_2_without_blocking()
    {
        var fifo = Path.Combine(_dir, "fifo.yaml");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo])) mk.WaitForExit();
        var nul = Write("nul.yaml", "scenario: x\ntitle: t\nstart: 2021-10-04T15:30:00Z\nduration: 1h\ntopology: { include: \"a\\0b.yaml\" }\n");
        var r = await Cli.RunAsync("validate", fifo, nul);
        AssertBadInput(r, "fifo.yaml:1:1", "not a regular file");
        AssertBadInput(r, "nul.yaml:5:22", "include path 'a\\u0000b.yaml' has a character no file name can have");
    }

    /// <summary>run looks at the file before loading it (is it a topology?): that look must not read a device either.</summary>
    [Fact]
    public async Task Run_on_a_link_to_a_device_or_a_fifo_exits_2_without_reading_it()
    {
        var zero = Path.Combine(_dir, "zero.yaml");
        File.CreateSymbolicLink(zero, "/dev/zero");
        var fifo = Path.Combine(_dir, "run-fifo.yaml");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo])) mk.WaitForExit();
        AssertBadInput(await Cli.RunAsync("run", zero, "--runtime", "memory"), "zero.yaml:1:1", "not a regular file");
        AssertBadInput(await Cli.RunAsync("run", fifo, "--runtime", "memory"), "run-fifo.yaml:1:1", "not a regular file");
    }
}
