using System.Globalization;
using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// A resolver cohort's own timings (<c>timeout</c>, <c>give_up</c>, <c>attempts</c>, <c>server_selection</c>) and its
/// normal day's background of SERVFAIL and NXDOMAIN (<c>baseline_*_ratio</c>). Driven message by message through a real
/// NodeHost as in <see cref="ResolverCachingTests"/>: a cohort of 4 instances in AS 3 with two routed prefixes, 500
/// queries/s per name from one client cohort; every expected time is worked out from the settings and the cohort's
/// random draws (its first draws are the names' phases, in ordinal order of the names).
/// </summary>
public class ResolverTimingsTests
{
    private const int Resolver = 7, Client = 9, AsNode = 3;
    private const string P1 = "192.0.2.0/24", P2 = "198.51.100.0/24";
    private const long Ttl = 300_000;
    private static readonly ModelParameters P = new();

    private static (NodeHost Host, ResolverModel Model, DeterministicRandom Draws) NewResolver(ResolverSettings settings, params ServiceSpec[] names)
    {
        var spec = new ResolverSpec(Resolver, "isp-resolvers", AsNode, false, false, 4) { Settings = settings };
        var model = new ResolverModel(spec, P, names, [P1, P2], [P1, P2], names.Select(n => (Client, n.Name, 500.0)));
        var host = new NodeHost(Resolver, spec.Name, model, 1, DeterministicRandom.ForNode(42, spec.Name));
        host.Start();
        return (host, model, DeterministicRandom.ForNode(42, spec.Name));
    }

    private static ServiceSpec Name(string name, params string[] nameservers) => new(name, Ttl, 1, false, []) { Nameservers = nameservers };

    private static SimMessage Msg(long at, object payload, long seq) => new() { DeliverAt = at, From = AsNode, To = Resolver, Seq = seq, Payload = payload };

    private static SimMessage Blackholed(long at, string prefix, long seq) => Msg(at, new AuthorityPath { Prefix = prefix, Fate = AnycastFate.Blackholed }, seq);

    private static long NextExpiry(long now, long phase) => now < phase ? phase : phase + ((now - phase) / Ttl + 1) * Ttl;

    private static string Num(double v) => Math.Round(v, 3).ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(null, null, 800, 5_000)]     // the parameters: resolver_timeout 800 ms, resolver_give_up 5 s
    [InlineData(300L, 2_000L, 300, 2_000)]   // its own: timeout 300 ms, give_up 2 s
    public void A_resolver_with_its_own_timeout_and_give_up_waits_and_gives_up_at_its_own_times(long? timeout, long? giveUp, long latencyMs, long giveUpMs)
    {
        var (host, _, draws) = NewResolver(new ResolverSettings(TimeoutMs: timeout, GiveUpMs: giveUp), Name("one.example", P1), Name("two.example", P1, P2));
        var phaseOne = draws.NextLong(0, Ttl);
        // P1 leads nowhere from 1 s: two.example waits one timeout on P1 before P2 answers, one.example has nothing left.
        var lost = host.Step(1_001, [Blackholed(1_000, P1, 1)]);
        Assert.Contains($"\"names\":[\"two.example\"],\"timeouts\":1,\"latency_ms\":{latencyMs}", Assert.Single(lost.Events, e => e.Kind == "resolver.latency").DataJson);
        // one.example answers SERVFAIL when its cached answer expires plus the give-up time, not a millisecond before.
        var fails = NextExpiry(1_000, phaseOne) + giveUpMs;
        Assert.DoesNotContain(host.Step(fails, []).Events, e => e.Kind == "resolver.servfail");
        Assert.Equal(fails, Assert.Single(host.Step(fails + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);
    }

    [Fact]
    public void A_resolver_with_its_own_attempts_retries_a_failed_name_at_its_own_rate()
    {
        var (host, _, draws) = NewResolver(new ResolverSettings(Attempts: 2), Name("one.example", P1));
        var fails = NextExpiry(1_000, draws.NextLong(0, Ttl)) + P.ResolverGiveUpMs;
        host.Step(1_001, [Blackholed(1_000, P1, 1)]);
        var failed = host.Step(fails + 1, []);
        // While failing: 4 instances × 2 attempts per 5 s failure cache = 1.6/s, plus the delegation once per 2-day NS TTL.
        Assert.Contains($"\"upstream_per_s\":{Num(4 * (2.0 / 5 + 1.0 / 172_800))}", Assert.Single(failed.Events, e => e.Kind == "resolver.load").DataJson);
    }

    [Fact]
    public void Picking_nameservers_by_rtt_a_resolver_waits_for_no_timeout_while_one_answers_and_fails_like_any_when_none_does()
    {
        var (host, model, draws) = NewResolver(new ResolverSettings(ServerSelection: "rtt"), Name("two.example", P1, P2));
        var phase = draws.NextLong(0, Ttl);
        // P1 leads nowhere: in order it would cost 800 ms per resolution and a second upstream query per refresh; the
        // cohort has learnt P2 answers, so neither the latency nor the load changes.
        var lost = host.Step(1_001, [Blackholed(1_000, P1, 1)]);
        Assert.DoesNotContain(lost.Events, e => e.Kind is "resolver.latency" or "resolver.load" or "resolver.authority_unreachable");
        Assert.Equal(4 * (1.0 / 300 + 1.0 / 172_800), model.UpstreamPerSecond, 9);
        // P2 goes too: none answers, and the name fails at its next expiry plus resolver_give_up (P1 still times out).
        var gone = host.Step(2_001, [Blackholed(2_000, P2, 2)]);
        Assert.Single(gone.Events, e => e.Kind == "resolver.authority_unreachable");
        var fails = NextExpiry(2_000, phase) + P.ResolverGiveUpMs;
        Assert.DoesNotContain(host.Step(fails, []).Events, e => e.Kind == "resolver.servfail");
        Assert.Equal(fails, Assert.Single(host.Step(fails + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);
    }

    [Fact]
    public void The_baseline_shows_in_resolver_load_and_a_failing_name_counts_in_full_on_top()
    {
        // 1 % SERVFAIL and 20 % NXDOMAIN on a normal day; two names at 500 queries/s each.
        var (host, model, draws) = NewResolver(new ResolverSettings(BaselineServfailRatio: 0.01, BaselineNxdomainRatio: 0.2),
            Name("one.example", P1), Name("two.example", P2));
        var phaseOne = draws.NextLong(0, Ttl);
        Assert.Equal(1_000, model.QueriesPerSecond, 9);
        Assert.Equal(10, model.ServfailPerSecond, 9);
        Assert.Equal(200, model.NxdomainPerSecond, 9);
        // A quiet network: demand for one.example grows to 600/s. 1,100 queries/s: 11 SERVFAIL/s and 220 NXDOMAIN/s.
        var grew = host.Step(1_001, [new SimMessage { DeliverAt = 1_000, From = Client, To = Resolver, Seq = 1, Payload = new QueryDemand { Service = "one.example", QueriesPerSecond = 600 } }]);
        Assert.Contains("\"queries_per_s\":1100,\"servfail_per_s\":11,\"nxdomain_per_s\":220", Assert.Single(grew.Events, e => e.Kind == "resolver.load").DataJson);
        // one.example fails: its 600/s are SERVFAIL in full, two.example's 500/s keep their background (5 and 100).
        host.Step(2_001, [Blackholed(2_000, P1, 2)]);
        var fails = NextExpiry(2_000, phaseOne) + P.ResolverGiveUpMs;
        var failed = host.Step(fails + 1, []);
        Assert.Contains("\"queries_per_s\":1100,\"servfail_per_s\":605,\"nxdomain_per_s\":100", Assert.Single(failed.Events, e => e.Kind == "resolver.load").DataJson);
    }

    [Fact]
    public void Without_a_baseline_a_quiet_cohort_reports_no_servfail_or_nxdomain()
    {
        var (_, model, _) = NewResolver(ResolverSettings.None, Name("one.example", P1));
        Assert.Equal((0.0, 0.0), (model.ServfailPerSecond, model.NxdomainPerSecond));
    }

    [Fact]
    public async Task From_a_topology_file_each_cohort_gets_its_own_settings_and_the_series_show_the_background_from_the_start()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000000, na: 1000000 }
            resolvers:
              isp_timeout: 300ms
              isp_baseline_servfail_ratio: 0.01
              public:
                - { name: pub, asn: 3356, share: 0.5, timeout: 2s, attempts: 3, give_up: 10s, server_selection: rtt, baseline_servfail_ratio: 0.02, baseline_nxdomain_ratio: 0.3 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(extra: "parameters: { baseline_nxdomain_ratio: 0.1 }")));
        var factory = new SimulationFactory(scenario);
        var timings = scenario.Topology.Resolvers.ToDictionary(r => r.Name, r => ResolverTimings.Of(r, scenario.Parameters));
        Assert.Equal(new ResolverTimings(2_000, 3, 10_000, true, 0.02, 0.3), timings["pub"]);
        var isps = scenario.Topology.Resolvers.Where(r => !r.Public).ToList();
        Assert.Equal(2, isps.Count); // DTAG and Comcast
        Assert.All(isps, r => Assert.Equal(new ResolverTimings(300, 6, 5_000, false, 0.01, 0.1), timings[r.Name]));

        // Half of every cohort's users on pub, half on their ISP's resolvers: the start's SERVFAIL/s and NXDOMAIN/s are
        // each cohort's ratios times its steady queries, before any resolver.load.
        var state = new RunState(factory);
        double Qps(ResolverSpec r) => factory.InitialQueriesPerSecond(r.Node);
        var pub = scenario.Topology.Resolvers.Single(r => r.Name == "pub");
        Assert.True(Qps(pub) > 0);
        var servfail = 0.02 * Qps(pub) + isps.Sum(r => 0.01 * Qps(r));
        Assert.Equal(servfail, state.ResolverServfailPerSecond, 9);
        Assert.Equal(0.3 * Qps(pub) + isps.Sum(r => 0.1 * Qps(r)), state.ResolverNxdomainPerSecond, 9);

        // A quiet hour: nothing fails, so the series keep the background (within resolver.load's 1 % and rounding).
        var sink = new RingNetwork.ListSink();
        await using (var driver = InMemoryRun.Create(factory, 3_600_000)) await driver.RunToEndAsync(sink, 3_600_000);
        Assert.DoesNotContain(sink.Events, e => e.Kind is "resolver.servfail" or "resolver.nxdomain");
        foreach (var e in sink.Events) state.Apply(e);
        Assert.InRange(state.ResolverServfailPerSecond, 0.99 * servfail - 0.01, 1.01 * servfail + 0.01);
    }
}
