using System.Diagnostics;
using System.Text;

namespace BackboneSim.Cli.Tests;

/// <summary>
/// Inputs built to exhaust the loader (huge generator counts, deep include chains, alias bombs, huge numbers) end
/// quickly with exit code 2 and a FILE:LINE:COL error, from both <c>validate</c> and <c>run</c>: never a hang, a stack
/// overflow or running out of memory. The wall-time bound is generous; it is there so that a hang fails.
/// </summary>
public class LimitTests : IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(20);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-limits-" + Guid.NewGuid().ToString("N")[..8]);

    public LimitTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Scenario(string topology) => $"""
        scenario: limits
        title: Built to exhaust the loader
        start: 2021-10-04T15:30:00Z
        duration: 1h
        topology:
        {topology}
        """;

    /// <summary>Both commands refuse the file with exit code 2 and the error, in little time.</summary>
    private static async Task AssertRefusedQuickly(string path, string expectedLocation, string expectedMessage)
    {
        foreach (var command in new[] { "validate", "run" })
        {
            var clock = Stopwatch.StartNew();
            var r = await Cli.RunAsync(command, path);
            clock.Stop();
            Assert.True(r.ExitCode == 2, $"{command}: exit code {r.ExitCode}, stderr: {r.Stderr}");
            Assert.Contains($"{expectedLocation}: {expectedMessage}", r.Stderr);
            Assert.DoesNotContain("   at ", r.Stderr);
            Assert.True(clock.Elapsed < Quickly, $"{command} took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task A_generator_count_that_would_make_millions_of_nodes()
    {
        var pops = new StringBuilder();
        for (var i = 0; i < 4_999; i++) pops.Append($"    - {{ name: p{i}, lat: {i % 170 - 85}, lon: {i % 350 - 175}, region: eu }}\n");
        var path = Write("pops.yaml", Scenario($$"""
              generator: hyperscaler
              operator: { name: Op, asn: 64500 }
              routers: { edge_per_pop: 64 }
              dns: { per_pop: 64 }
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
              pops:
            {{pops}}
            """));
        await AssertRefusedQuickly(path, "pops.yaml:6:3", "the topology would have 639,879 nodes; the limit is 200,000");
    }

    [Fact]
    public async Task A_full_mesh_that_would_make_millions_of_sessions()
    {
        var ases = new StringBuilder();
        for (var i = 0; i < 5_000; i++) ases.Append($"        - {{ asn: {100 + i}, tier: tier1, region: eu }}\n");
        var path = Write("mesh.yaml", Scenario($$"""
              generator: hyperscaler
              operator: { name: Op, asn: 64500 }
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
              internet:
                ases:
            {{ases}}
            """));
        await AssertRefusedQuickly(path, "mesh.yaml:6:3", "the topology would have up to 12,497,518 links and BGP sessions; the limit is 2,000,000");
    }

    /// <summary>
    /// A generated Internet is counted before it is made: 4,000 tier-1s are within the AS limit, but their full mesh is
    /// 4,000 x 3,999 / 2 = 7,998,000 sessions; with dc1's 9 links (4 border x 2 backbone + 1 ring) and 9 iBGP
    /// sessions (4 clients x 2 reflectors + 1 mesh) that is 7,998,018.
    /// </summary>
    [Fact]
    public async Task A_generated_Internet_whose_tier1_mesh_would_make_millions_of_sessions()
    {
        var path = Write("generated-mesh.yaml", Scenario("""
              generator: hyperscaler
              operator: { name: Op, asn: 64500 }
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
              internet: { generate: { tier1: 4000 } }
            """));
        await AssertRefusedQuickly(path, "generated-mesh.yaml:6:3", "the topology would have up to 7,998,018 links and BGP sessions; the limit is 2,000,000");
    }

    /// <summary>
    /// Access PoPs generated around a core site are counted before they are laid out: 4,990 PoPs x (64 edge routers +
    /// 64 DNS servers) = 638,720 nodes, with the driver, 2 core and 2 data-center routers 638,725.
    /// </summary>
    [Fact]
    public async Task A_regional_isp_whose_generated_access_PoPs_would_make_too_many_nodes()
    {
        var path = Write("isp.yaml", Scenario("""
              generator: regional-isp
              operator: { name: Op, asn: 64500 }
              routers: { edge_per_pop: 64 }
              dns: { per_pop: 64 }
              core: [{ name: c1, lat: 0, lon: 0, region: eu }]
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
              access: { per_core: 4990, radius_km: 100 }
            """));
        await AssertRefusedQuickly(path, "isp.yaml:6:3", "the topology would have 638,725 nodes; the limit is 200,000");
    }

    [Fact]
    public async Task A_huge_per_site_count_and_huge_numbers()
    {
        var path = Write("numbers.yaml", Scenario("""
              generator: hyperscaler
              operator: { name: Op, asn: 1e400 }
              dns: { per_pop: 99999999999999999999999 }
              links: { backbone_capacity_gbps: 1e400 }
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
            """).Replace("duration: 1h", "duration: 99999999d"));
        await AssertRefusedQuickly(path, "numbers.yaml:4:11", "'duration' is 99999999d; it must be between 1ms and 720h00m00s");
        var r = await Cli.RunAsync("validate", path);
        Assert.Contains("numbers.yaml:7:30: 'asn' must be a whole number, not '1e400'", r.Stderr);
        Assert.Contains("numbers.yaml:8:19: 'per_pop' is 99999999999999999999999; it must be between 0 and 64", r.Stderr);
        Assert.Contains("numbers.yaml:9:36: 'backbone_capacity_gbps' is 1e400; it must be between 0.001 and 1000000", r.Stderr);
    }

    [Fact]
    public async Task A_deep_include_chain()
    {
        for (var i = 1; i <= 50; i++) Write($"chain/c{i}.yaml", $"include: c{i + 1}.yaml\n");
        var path = Write("chain.yaml", Scenario("  include: chain/c1.yaml"));
        await AssertRefusedQuickly(path, "c8.yaml:1:10", "include 'c9.yaml' is nested 9 levels deep; includes nest at most 8 levels");
    }

    [Fact]
    public async Task An_include_cycle()
    {
        Write("loop/a.yaml", "include: b.yaml\n");
        Write("loop/b.yaml", "include: a.yaml\n");
        var path = Write("loop.yaml", Scenario("  include: loop/a.yaml"));
        var r = await Cli.RunAsync("validate", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"b\.yaml:1:10: include cycle: \S*a\.yaml -> \S*b\.yaml -> \S*a\.yaml", r.Stderr);
    }

    [Fact]
    public async Task An_alias_bomb()
    {
        // Nine levels of ten aliases each: a thousand million nodes when expanded, a few hundred bytes written.
        var bomb = new StringBuilder("anchors:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++) bomb.Append($"  a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        var path = Write("bomb.yaml", bomb + Scenario("  include: nothing.yaml") + "timeline: *a9\n");
        await AssertRefusedQuickly(path, "bomb.yaml:1:1", "YAML aliases expand this file by more than 100,000 nodes; write the values out (an alias bomb?)");
    }

    [Fact]
    public async Task Recursive_aliases_and_deep_nesting()
    {
        var recursive = Write("recursive.yaml", "scenario: &self\n  again: *self\n");
        await AssertRefusedQuickly(recursive, "recursive.yaml:2:10", "alias '*self' refers to a node it is inside; recursive structures are not allowed");
        var deep = Write("deep.yaml", "scenario: x\ntitle: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        await AssertRefusedQuickly(deep, "deep.yaml:2:107", "YAML nesting is deeper than 100 levels");
    }

    [Fact]
    public async Task Thousands_of_bad_entries_print_the_first_errors_and_a_count_of_the_rest()
    {
        // 5,000 PoPs with a misspelt key each: two errors per entry (the unknown key, the missing one), 10,000 in all,
        // of which the first 200 in file order are printed.
        var pops = new StringBuilder();
        for (var i = 0; i < 5_000; i++) pops.Append($"    - {{ name: p{i}, lat: 1, lon: 2, regoin: eu }}\n");
        var path = Write("typos.yaml", Scenario($$"""
              generator: hyperscaler
              operator: { name: Op, asn: 64500 }
              datacenters: [{ name: dc1, lat: 0, lon: 0, region: eu }]
              pops:
            {{pops}}
            """));
        var r = await Cli.RunAsync("validate", path);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScenarioLoadExceptionMaxReported + 1, lines.Length);
        Assert.EndsWith("typos.yaml:10:7: an entry of 'pops' is missing the required field 'region'", lines[0]);
        Assert.Contains("... and ", lines[^1]);
        var more = long.Parse(System.Text.RegularExpressions.Regex.Match(lines[^1], @"and ([\d,]+) more").Groups[1].Value.Replace(",", ""));
        Assert.Equal(10_000, more + ScenarioLoadExceptionMaxReported);
    }

    private const int ScenarioLoadExceptionMaxReported = BackboneSim.Scenarios.ScenarioLoadException.MaxReported;
}
