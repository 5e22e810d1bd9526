using System.Text.Json;

namespace BackboneSim.Cli.Tests;

public class RunOutputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-out-" + Guid.NewGuid().ToString("N")[..8]);

    public RunOutputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Memory and 3 silos agree byte for byte: on the generated FB network, a hand-written one (generator: explicit) and a generated regional ISP.</summary>
    [Theory]
    [InlineData("scenarios/facebook-2021-10-04.yaml", "1h")]
    [InlineData("scenarios/regional-corridor-split.yaml", "3h")]
    [InlineData("scenarios/regional-isp-ring-split.yaml", "2h")]
    public async Task Embedded_three_silo_run_writes_the_same_events_and_series_as_memory(string scenario, string until)
    {
        string Out(string n) => Path.Combine(_dir, n);
        var mem = await Cli.RunAsync("run", scenario, "--runtime", "memory", "--until", until,
            "--events", Out("mem.jsonl"), "--series", Out("mem.csv"), "--quiet");
        var orl = await Cli.RunAsync("run", scenario, "--silos", "3", "--until", until,
            "--events", Out("orl.jsonl"), "--series", Out("orl.csv"), "--quiet");
        Assert.Equal((0, ""), (mem.ExitCode, mem.Stdout));
        Assert.Equal(0, orl.ExitCode);
        Assert.Equal(File.ReadAllBytes(Out("mem.jsonl")), File.ReadAllBytes(Out("orl.jsonl")));
        Assert.Equal(File.ReadAllBytes(Out("mem.csv")), File.ReadAllBytes(Out("orl.csv")));
    }

    /// <summary>
    /// The generated regional ISP (scenarios/topologies/regional-isp-ohio.yaml) falls in two exactly where its ring is
    /// cut twice: its core sites are joined in a ring in list order (cle, yng, akr, cmh, cvg, day) with no chords, so
    /// with the akr-cmh and day-cle spans down the south cluster (cmh, cvg, day) is on its own. The routers that report
    /// losing every data center are then the first edge router of each of the south's six generated access PoPs
    /// (two per core site, each homed to two south core sites) and of the south's border PoP, and nothing in the north;
    /// all of them get it back after the rollback.
    /// </summary>
    [Fact]
    public async Task Cutting_a_generated_ISP_ring_in_two_places_splits_it_where_predicted()
    {
        var events = Path.Combine(_dir, "ring.jsonl");
        var r = await Cli.RunAsync("run", "scenarios/regional-isp-ring-split.yaml", "--runtime", "memory", "--events", events, "--quiet");
        Assert.Equal(0, r.ExitCode);
        var reach = File.ReadLines(events).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "igp.dc_reachability")
            .Select(e => (Node: e.GetProperty("node").GetString()!, Reachable: e.GetProperty("data").GetProperty("reachable").GetBoolean(), Ms: e.GetProperty("ms").GetInt64()))
            .ToList();
        string[] south = ["cmh-a1-er1", "cmh-a2-er1", "cvg-a1-er1", "cvg-a2-er1", "day-a1-er1", "day-a2-er1", "ix-cmh-br1"];
        Assert.Equal(south, reach.Where(e => !e.Reachable).Select(e => e.Node).Order(StringComparer.Ordinal));
        Assert.Equal(south, reach.Where(e => e.Reachable).Select(e => e.Node).Order(StringComparer.Ordinal));
        // Lost after the maintenance (05:00, an hour in), not after the first cut (04:20) alone.
        Assert.All(reach.Where(e => !e.Reachable), e => Assert.InRange(e.Ms, 3_600_000, 3_660_000));
    }

    [Fact]
    public async Task Events_and_series_follow_the_documented_contract()
    {
        string Out(string n) => Path.Combine(_dir, n);
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "30m",
            "--events", Out("e.jsonl"), "--series", Out("s.csv"), "--sample", "1m");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Key moments", r.Stdout);

        long lastMs = -1, lastId = 0;
        foreach (var line in File.ReadLines(Out("e.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            Assert.Equal(["id", "cause", "ms", "t", "kind", "node", "data"], e.EnumerateObject().Select(p => p.Name));
            var ms = e.GetProperty("ms").GetInt64();
            var id = e.GetProperty("id").GetInt64();
            Assert.True(ms > lastMs || (ms == lastMs && id > lastId), "events are ordered by (ms, id)");
            Assert.True(e.GetProperty("cause").ValueKind == JsonValueKind.Null || e.GetProperty("cause").GetInt64() < id);
            Assert.Equal(JsonValueKind.Object, e.GetProperty("data").ValueKind);
            (lastMs, lastId) = (ms, id);
        }
        Assert.True(lastId > 1000);

        var rows = File.ReadAllLines(Out("s.csv"));
        var header = rows[0].Split(',');
        Assert.Equal(["t", "ms", "backbone_links_up", "backbone_traffic_gbps", "traffic_lost:no_route", "traffic_lost:loop", "traffic_lost:congestion",
            "traffic_lost:link_down", "traffic_lost:filtered", "traffic_lost:after_stale", "bulk_traffic_gbps", "link_utilisation_max", "routers_control_plane_down",
            "dns_announcing_servers", "bgp_updates"], header[..15]);
        Assert.Contains("resolver_servfail_per_s", header);
        Assert.Contains("service_availability:facebook.com", header);
        Assert.Contains("service_availability:facebook.com:eu", header); // per region too
        Assert.Contains("users_affected", header);
        Assert.Equal(31, rows.Length - 1); // 0, 1m, ..., 30m
        double Value(string row, string column) => double.Parse(row.Split(',')[Array.IndexOf(header, column)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("2021-10-04T15:30:00.000Z,0,", rows[1]);
        Assert.Equal((462, 100, 1, 0), (Value(rows[1], "backbone_links_up"), Value(rows[1], "dns_announcing_servers"),
            Value(rows[1], "prefix_visibility:129.134.30.0/23"), Value(rows[1], "resolver_servfail_per_s")));
        Assert.StartsWith("2021-10-04T16:00:00.000Z,1800000,", rows[^1]);
        Assert.Equal((0, 0, 0, 0), (Value(rows[^1], "backbone_links_up"), Value(rows[^1], "dns_announcing_servers"),
            Value(rows[^1], "prefix_visibility:129.134.30.0/23"), Value(rows[^1], "service_availability:facebook.com")));
        Assert.Equal((1, 0), (Value(rows[1], "service_availability:facebook.com:ap"), Value(rows[^1], "service_availability:facebook.com:ap")));
        Assert.True(Value(rows[2], "backbone_traffic_gbps") > 0 && Value(rows[2], "link_utilisation_max") is > 0 and < 1, "the backbone carries traffic, uncongested");
        // Failing users retry: resolvers see far more queries than before, and they are SERVFAILs.
        Assert.True(Value(rows[^1], "resolver_queries_per_s") > 10 * Value(rows[1], "resolver_queries_per_s"));
        Assert.Equal(Value(rows[^1], "resolver_queries_per_s"), Value(rows[^1], "resolver_servfail_per_s"), 3);
    }
}
