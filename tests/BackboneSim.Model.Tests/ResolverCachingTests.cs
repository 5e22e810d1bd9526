using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Per-name resolver caches: nameservers per name with timeouts across them, an external secondary, NXDOMAIN and
/// its negative cache, and delegation changes that wait for the NS cache. Driven message by message through a real
/// NodeHost; every expected time is worked out from the parameters and the cohort's random draws.
/// </summary>
public class ResolverCachingTests
{
    private const int Resolver = 7, Client = 9, AsNode = 3, DnsServer = 5;
    private const string P1 = "192.0.2.0/24", P2 = "198.51.100.0/24", Seconds = "external:backup-dns";
    private const long Ttl = 300_000;
    private const string CohortName = "isp-resolvers";
    private static readonly ModelParameters P = new();

    /// <summary>A cohort in AS 3 using both prefixes, both routed at t=0, with 500 queries/s per name from one client cohort.</summary>
    private static (NodeHost Host, ResolverModel Model, DeterministicRandom Draws) NewResolver(params ServiceSpec[] names)
    {
        var spec = new ResolverSpec(Resolver, CohortName, AsNode, false, false, 4);
        var model = new ResolverModel(spec, P, names, [P1, P2], [P1, P2], names.Select(n => (Client, n.Name, 500.0)));
        var host = new NodeHost(Resolver, spec.Name, model, 1, DeterministicRandom.ForNode(42, spec.Name));
        host.Start();
        // The cohort's generator, replayed: its first draws are the names' phases, in ordinal order of the names.
        return (host, model, DeterministicRandom.ForNode(42, spec.Name));
    }

    private static ServiceSpec Name(string name, params string[] nameservers) => new(name, Ttl, 1, false, []) { Nameservers = nameservers };

    private static SimMessage Msg(long at, int from, object payload, long seq) => new() { DeliverAt = at, From = from, To = Resolver, Seq = seq, Payload = payload };

    private static SimMessage Route(long at, string prefix, bool available, long seq) => Msg(at, AsNode, new RouteAvailability { Prefix = prefix, Available = available }, seq);

    /// <summary>The data plane says queries to the prefix lead nowhere (a dark site, a loop): each try costs a timeout.</summary>
    private static SimMessage Blackholed(long at, string prefix, long seq) => Msg(at, AsNode, new AuthorityPath { Prefix = prefix, Fate = AnycastFate.Blackholed }, seq);

    private static long NextExpiry(long now, long phase, long ttl = Ttl) => now < phase ? phase : phase + ((now - phase) / ttl + 1) * ttl;

    [Fact]
    public void A_name_fails_when_its_only_prefix_goes_while_a_name_with_a_second_prefix_resolves_until_both_are_gone()
    {
        var (host, model, draws) = NewResolver(Name("one.example", P1), Name("two.example", P1, P2));
        var phaseOne = draws.NextLong(0, Ttl);
        var phaseTwo = draws.NextLong(0, Ttl);

        // P1 leads nowhere from 1 s: one.example has no nameserver left; two.example now waits one timeout on P1 before P2 answers.
        var lost = host.Step(1_001, [Blackholed(1_000, P1, 1)]);
        var unreachable = Assert.Single(lost.Events, e => e.Kind == "resolver.authority_unreachable");
        Assert.Contains("\"names\":[\"one.example\"]", unreachable.DataJson);
        var latency = Assert.Single(lost.Events, e => e.Kind == "resolver.latency");
        Assert.Contains("\"names\":[\"two.example\"],\"timeouts\":1,\"latency_ms\":800", latency.DataJson);
        // Each refresh of two.example now costs the timed-out query too: 4 instances x 2 queries per 300 s TTL, plus
        // both names' delegations once per 2-day NS TTL.
        var load = Assert.Single(lost.Events, e => e.Kind == "resolver.load");
        var upstream = 4 * (1.0 / 300 + 2.0 / 300 + 2.0 / 172_800);
        Assert.Contains($"\"upstream_per_s\":{Math.Round(upstream, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)}", load.DataJson);

        // one.example: SERVFAIL when its cached answer expires plus the 5 s give-up.
        var oneFails = NextExpiry(1_000, phaseOne) + P.ResolverGiveUpMs;
        Assert.DoesNotContain(host.Step(oneFails, []).Events, e => e.Kind == "resolver.servfail");
        var failed = host.Step(oneFails + 1, []);
        Assert.Equal(oneFails, Assert.Single(failed.Events, e => e.Kind == "resolver.servfail").Ms);
        Assert.Contains("\"name\":\"one.example\"", Assert.Single(failed.Events, e => e.Kind == "resolver.servfail").DataJson);

        // two.example keeps resolving through P2 for as long as P2 is there.
        Assert.DoesNotContain(host.Step(2_000_000, []).Events, e => e.Kind == "resolver.servfail");
        Assert.Equal(ResolverAnswer.Fresh, model.Answer("two.example"));
        Assert.Equal(ResolverAnswer.Servfail, model.Answer("one.example"));

        // Then P2's route goes (no timeout for it: ICMP unreachable), but P1 still times out: the give-up time again.
        var gone = host.Step(2_000_001, [Route(2_000_000, P2, false, 2)]);
        Assert.Contains("\"prefix\":\"198.51.100.0/24\",\"names\":[\"two.example\"]", Assert.Single(gone.Events, e => e.Kind == "resolver.authority_unreachable").DataJson);
        var twoFails = NextExpiry(2_000_000, phaseTwo) + P.ResolverGiveUpMs;
        Assert.DoesNotContain(host.Step(twoFails, []).Events, e => e.Kind == "resolver.servfail");
        Assert.Equal(twoFails, Assert.Single(host.Step(twoFails + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);
    }

    [Fact]
    public void A_name_with_a_secondary_at_another_provider_keeps_resolving_when_every_operator_prefix_is_gone()
    {
        var (host, model, draws) = NewResolver(Name("plain.example", P1, P2), Name("with-secondary.example", P1, P2, Seconds));
        var phasePlain = draws.NextLong(0, Ttl);

        // Both prefixes lead nowhere from the same instant: one evaluation, one event per kind.
        var lost = host.Step(1_001, [Blackholed(1_000, P1, 1), Blackholed(1_000, P2, 2)]);
        Assert.Contains("\"names\":[\"plain.example\"]", Assert.Single(lost.Events, e => e.Kind == "resolver.authority_unreachable").DataJson);
        // The secondary answers after both operator prefixes have timed out: 2 x 800 ms.
        Assert.Contains("\"timeouts\":2,\"latency_ms\":1600", Assert.Single(lost.Events, e => e.Kind == "resolver.latency").DataJson);

        var result = host.Step(5_000_000, []);
        var servfail = Assert.Single(result.Events, e => e.Kind == "resolver.servfail");
        Assert.Equal(NextExpiry(1_000, phasePlain) + P.ResolverGiveUpMs, servfail.Ms);
        Assert.Contains("\"name\":\"plain.example\"", servfail.DataJson);
        Assert.Equal(ResolverAnswer.Fresh, model.Answer("with-secondary.example"));
        Assert.Equal(500, model.ServfailPerSecond);
    }

    [Fact]
    public void A_removed_name_is_NXDOMAIN_from_its_next_expiry_and_stays_so_until_the_negative_cache_runs_out_after_it_returns()
    {
        var (host, model, draws) = NewResolver(Name("gone.example", P1));
        var phase = draws.NextLong(0, Ttl);

        // The home DNS server drops the name at 10 s. The cached answer lasts until its expiry; the refresh then gets
        // NXDOMAIN after one round trip (no timeouts: P1 answers).
        host.Step(10_001, [Msg(10_000, DnsServer, new ZoneUpdate { Service = "gone.example", Present = false }, 1)]);
        var nxAt = NextExpiry(10_000, phase) + P.ResolverRttMs;
        Assert.DoesNotContain(host.Step(nxAt, []).Events, e => e.Kind == "resolver.nxdomain");
        var nx = host.Step(nxAt + 1, []);
        Assert.Equal(nxAt, Assert.Single(nx.Events, e => e.Kind == "resolver.nxdomain").Ms);
        var status = (DnsAnswerStatus)Assert.Single(nx.Outgoing, m => m.Payload is DnsAnswerStatus).Payload;
        Assert.False(status.Answering); // clients count NXDOMAIN as the name not answering
        var load = Assert.Single(nx.Events, e => e.Kind == "resolver.load");
        Assert.Contains("\"servfail_per_s\":0,\"nxdomain_per_s\":500", load.DataJson);
        Assert.Equal(ResolverAnswer.Nxdomain, model.Answer("gone.example"));

        // Back in the zone at 700 s: the cohort's cached NXDOMAIN runs out after its phase in [0, 15 min) (the next
        // draw of its generator); then one round trip.
        const long back = 700_000;
        Assert.True(back > nxAt);
        host.Step(back + 1, [Msg(back, DnsServer, new ZoneUpdate { Service = "gone.example", Present = true }, 2)]);
        var resolvesAt = back + draws.NextLong(0, P.NegativeTtlMs) + P.ResolverRttMs;
        Assert.DoesNotContain(host.Step(resolvesAt, []).Events, e => e.Kind == "resolver.resolving");
        var resolved = host.Step(resolvesAt + 1, []);
        Assert.Equal(resolvesAt, Assert.Single(resolved.Events, e => e.Kind == "resolver.resolving").Ms);
        Assert.True(((DnsAnswerStatus)Assert.Single(resolved.Outgoing, m => m.Payload is DnsAnswerStatus).Payload).Answering);
    }

    [Fact]
    public void A_delegation_moved_to_a_secondary_during_an_outage_helps_a_cohort_only_once_its_NS_cache_expires()
    {
        const long nsTtl = 3_600_000;
        var (host, model, draws) = NewResolver(new ServiceSpec("moved.example", Ttl, 1, false, []) { Nameservers = [P1], NsTtlMs = nsTtl });
        var phase = draws.NextLong(0, Ttl);

        // No route: the refresh fails one round trip after the expiry (ICMP unreachable).
        host.Step(1_001, [Route(1_000, P1, false, 1)]);
        var failAt = NextExpiry(1_000, phase) + P.ResolverRttMs;
        Assert.Equal(failAt, Assert.Single(host.Step(failAt + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);

        // At 1,000 s the parent delegates the name to another provider. The cohort still holds the old NS set: its
        // expiry is the next point of the NS grid, whose phase is the cohort's next draw (in [0, 1 h)).
        const long moved = 1_000_000;
        var update = new DelegationUpdate { Action = "move", Edits = [new DelegationEdit { Service = "moved.example", Nameservers = [Seconds] }] };
        host.Step(moved + 1, [Msg(moved, 0, update, 2)]);
        var nsExpiry = NextExpiry(moved, draws.NextLong(0, nsTtl), nsTtl);
        var before = host.Step(nsExpiry, []);
        Assert.DoesNotContain(before.Events, e => e.Kind is "resolver.delegation" or "resolver.resolving");
        Assert.Equal(ResolverAnswer.Servfail, model.Answer("moved.example"));

        // At the expiry it fetches the new delegation; the next resolution starts when its cached SERVFAIL runs out
        // (uniform in [0, 5 s), the next draw), and costs the parent's round trip plus the secondary's.
        var picked = host.Step(nsExpiry + 1, []);
        var delegation = Assert.Single(picked.Events, e => e.Kind == "resolver.delegation");
        Assert.Equal(nsExpiry, delegation.Ms);
        Assert.Contains("\"nameservers\":[\"external:backup-dns\"],\"reachable\":true", delegation.DataJson);
        var resolvesAt = nsExpiry + draws.NextLong(0, P.ServfailCacheMs) + P.ResolverRttMs + P.ResolverRttMs;
        Assert.DoesNotContain(host.Step(resolvesAt, []).Events, e => e.Kind == "resolver.resolving");
        Assert.Equal(resolvesAt, Assert.Single(host.Step(resolvesAt + 1, []).Events, e => e.Kind == "resolver.resolving").Ms);

        // Rolling the move back puts the old delegation back in the parent; the cohort uses it from its next NS
        // expiry (same grid), and then fails again at the next expiry of the address record plus one round trip (P1 still
        // has no route).
        var rollbackAt = resolvesAt + 10_000;
        host.Step(rollbackAt + 1, [Msg(rollbackAt, 0, new DelegationUpdate { Action = "rollback of move", RestoreOf = "move" }, 3)]);
        var nsBack = nsExpiry + ((rollbackAt - nsExpiry) / nsTtl + 1) * nsTtl;
        var back = host.Step(nsBack + 1, []);
        Assert.Contains("\"nameservers\":[\"192.0.2.0/24\"],\"reachable\":false", Assert.Single(back.Events, e => e.Kind == "resolver.delegation").DataJson);
        var refreshedPhase = resolvesAt % Ttl; // the record was cached afresh when the name resolved
        var failsAgain = NextExpiry(nsBack, refreshedPhase) + P.ResolverRttMs;
        Assert.Equal(failsAgain, Assert.Single(host.Step(failsAgain + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);
    }
}

/// <summary>Zone pushes through the whole model: DNS servers, their anycast catchments, resolvers, users, rollback.</summary>
public class ZonePushTests
{
    /// <summary>The small test network with a second DNS prefix, names served by either, and users.</summary>
    private static readonly string Topology = TempScenario.SmallTopology.Replace("prefixes: [192.0.2.0/24]", "prefixes: [192.0.2.0/24, 198.51.100.0/24]") + """

        services:
          - { name: example.com, ttl: 300s }
          - { name: example.net, ttl: 60s, ns_ttl: 1h, nameservers: [198.51.100.0/24, "external:backup-dns"] }
          - { name: widget, third_party: true, depends_on: [example.com] }
        users: { eu: 1000000, na: 1000000 }
        """;

    [Fact]
    public async Task A_partial_zone_push_reaches_only_its_catchment_and_its_rollback_brings_the_name_back_after_the_negative_cache()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+5m"
                name: remove-example
                push:
                  targets: { role: dns, site: p2 }
                  change:
                    - zone: { remove: [example.com] }
              - at: "+10m"
                respond: { rollback: remove-example }
            """, extra: "parameters: { push_spread: 0s }").Replace("duration: 1h", "duration: 2h")));
        var push = scenario.Timeline[0];
        Assert.Equal("zone remove [example.com] on 1 DNS servers", push.Description);
        var (events, _) = await RingNetwork.RunAsync(scenario);

        // The eu ISP's routes for the DNS prefixes lead to p2's edge router, so its resolvers' queries reach p2-dns1; the na
        // ISP's lead to p1-dns1, and its resolvers never notice.
        var zones = events.Where(e => e.Kind == "dns.zone").ToList();
        Assert.Equal(2, zones.Count); // the removal and the rollback's restore
        Assert.All(zones, z => Assert.Equal("p2-dns1", z.NodeName));
        var zone = zones[0];
        Assert.Equal(300_000 + scenario.Parameters.PushBaseMs, zone.Ms);
        Assert.Contains("\"removed\":[\"example.com\"]", zone.DataJson);
        var nx = Assert.Single(events, e => e.Kind == "resolver.nxdomain");
        Assert.Equal("as3320-resolvers", nx.NodeName);
        // The data plane hears of it a lookahead later and tells the resolvers in the server's catchment a lookahead after
        // that; NXDOMAIN at the next expiry of the record's grid (its phase is the cohort's first draw: example.com sorts
        // first) plus one round trip.
        var draws = DeterministicRandom.ForNode(scenario.Seed, "as3320-resolvers");
        var phase = draws.NextLong(0, 300_000);
        var heard = zone.Ms + 2 * scenario.LookaheadMs;
        var expiry = heard < phase ? phase : phase + ((heard - phase) / 300_000 + 1) * 300_000;
        Assert.Equal(expiry + scenario.Parameters.ResolverRttMs, nx.Ms);
        // The eu users lose example.com and, through it, the third-party widget; the na users keep both.
        Assert.Contains(events, e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Subject == "example.com" && e.Value == 0);
        Assert.Contains(events, e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Subject == "widget" && e.Value == 0);
        Assert.DoesNotContain(events, e => e.Kind == "service.availability" && e.NodeName == "as7922-users" && e.Value < 1);

        // The responders' rollback restores the server's zone content like a router's configuration.
        var restored = Assert.Single(events, e => e.Kind == "config.applied" && e.NodeName == "p2-dns1" && e.Field("restores") == "remove-example");
        var readded = zones[1];
        Assert.Equal(restored.Ms, readded.Ms);
        Assert.Contains("\"added\":[\"example.com\"],\"removed\":[]", readded.DataJson);
        // The cohort answers again when its cached NXDOMAIN runs out: its next draw (the second name's phase came
        // before it) in [0, 15 min), plus one round trip.
        draws.NextLong(0, 60_000);
        var back = restored.Ms + 2 * scenario.LookaheadMs + draws.NextLong(0, scenario.Parameters.NegativeTtlMs) + scenario.Parameters.ResolverRttMs;
        Assert.Equal(back, Assert.Single(events, e => e.Kind == "resolver.resolving").Ms);
    }

    [Fact]
    public async Task A_delegation_change_is_made_once_in_the_parent_and_each_cohort_picks_it_up_at_its_own_NS_expiry()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+5m"
                name: move
                push:
                  targets: { role: dns }
                  change:
                    - delegation: { name: example.net, nameservers: ["external:backup-dns"] }
            """, extra: "parameters: { push_spread: 0s }").Replace("duration: 1h", "duration: 2h")));
        var (events, _) = await RingNetwork.RunAsync(scenario);
        // Both DNS servers get the push (nothing in their zone changes); the parent's change reaches every cohort
        // push_base after the action, once.
        Assert.Equal(2, events.Count(e => e.Kind == "config.applied"));
        Assert.DoesNotContain(events, e => e.Kind == "dns.zone");
        var arrives = 300_000 + scenario.Parameters.PushBaseMs;
        var picked = events.Where(e => e.Kind == "resolver.delegation").ToList();
        Assert.Equal(new[] { "as3320-resolvers", "as7922-resolvers" }, picked.Select(e => e.NodeName).Order(StringComparer.Ordinal));
        foreach (var e in picked)
        {
            // Each cohort's NS phase for example.net is its third draw (after the two names' record phases), on the
            // 1 h grid of the name's ns_ttl.
            var draws = DeterministicRandom.ForNode(scenario.Seed, e.NodeName);
            draws.NextLong(0, 300_000);
            draws.NextLong(0, 60_000);
            var nsPhase = draws.NextLong(0, 3_600_000);
            var expiry = arrives < nsPhase ? nsPhase : nsPhase + ((arrives - nsPhase) / 3_600_000 + 1) * 3_600_000;
            Assert.Equal(expiry, e.Ms);
            Assert.Contains("\"name\":\"example.net\",\"nameservers\":[\"external:backup-dns\"],\"reachable\":true,\"timeouts\":0", e.DataJson);
        }
        Assert.DoesNotContain(events, e => e.Kind is "resolver.servfail" or "resolver.nxdomain");
    }

    [Fact]
    public void Zone_and_delegation_pushes_load_with_DNS_targets()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+5m"
                name: move
                push:
                  targets: { role: dns, region: eu }
                  change:
                    - delegation: { name: example.com, nameservers: ["external:backup-dns", 192.0.2.0/24] }
                    - zone: { add: [example.net], remove: [example.com] }
            """)));
        var push = Assert.IsType<PushAction>(Assert.Single(scenario.Timeline));
        Assert.Equal(new[] { scenario.Topology.DnsServers.Single(d => d.Site == "p2").Node }, push.Targets);
        Assert.Equal(new[] { "external:backup-dns", "192.0.2.0/24" }, Assert.Single(push.Delegation).Nameservers);
        Assert.Contains("delegation of example.com to [external:backup-dns, 192.0.2.0/24] (parent zone)", push.Description);
        var service = scenario.Topology.Services.Single(s => s.Name == "example.net");
        Assert.Equal(3_600_000L, service.NsTtlMs);
        Assert.Equal(new[] { "198.51.100.0/24", "external:backup-dns" }, service.Nameservers);
        Assert.Equal(ServiceSpec.DefaultNsTtlMs, scenario.Topology.Services.Single(s => s.Name == "example.com").NsTtlMs);
    }

    [Fact]
    public void Nameservers_and_zone_changes_are_checked_with_their_file_line_and_column()
    {
        using var t = new TempScenario();
        // A topology with errors is not generated (so its timeline is not checked): first the services' nameservers.
        t.Write("bad-topo.yaml", Topology.Replace("nameservers: [198.51.100.0/24, \"external:backup-dns\"]", "nameservers: [198.51.101.0/24, \"external:\"]"));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("bad.yaml", TempScenario.Scenario().Replace("topo.yaml", "bad-topo.yaml"))));
        var prefix = Assert.Single(ex.Errors, e => e.Message.Contains("nameserver '198.51.101.0/24'"));
        Assert.Contains("is not one of the operator's DNS prefixes (192.0.2.0/24, 198.51.100.0/24) or another provider's", prefix.Message);
        Assert.Contains("did you mean '198.51.100.0/24'?", prefix.Message);
        Assert.Equal(("bad-topo.yaml", 24, 62), (Path.GetFileName(prefix.Location.File), prefix.Location.Line, prefix.Location.Column));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'external:' needs a label") && (e.Location.Line, e.Location.Column) == (24, 79));

        // Then the timeline's zone and delegation changes.
        t.Write("topo.yaml", Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+5m"
                push:
                  targets: { role: dns }
                  change:
                    - zone: { remove: [exampel.com, widget] }
                    - interfaces: { match: backbone, admin: down }
              - at: "+6m"
                push:
                  targets: { role: backbone }
                  change:
                    - zone: { add: [example.com] }
                    - delegation: { name: example.com, nameservers: [192.0.2.0/24] }
            """));
        ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        var unknown = Assert.Single(ex.Errors, e => e.Message.Contains("no service named 'exampel.com'"));
        Assert.Contains("did you mean 'example.com'?", unknown.Message);
        Assert.Equal(("s.yaml", 14, 28), (Path.GetFileName(unknown.Location.File), unknown.Location.Line, unknown.Location.Column));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'widget' is a third-party service") && e.Location.Line == 14);
        Assert.Contains(ex.Errors, e => e.Message.Contains("'interfaces' changes routers, but this push targets DNS servers") && e.Location.Line == 15);
        var onRouters = Assert.Single(ex.Errors, e => e.Message.Contains("a 'zone' change is for DNS servers' zone content, but this push targets routers"));
        Assert.Contains("give it targets: { role: dns }", onRouters.Message);
        Assert.Equal((20, 17), (onRouters.Location.Line, onRouters.Location.Column));
        Assert.Contains(ex.Errors, e => e.Message.Contains("a 'delegation' change is for DNS (the parent zone's delegation)") && e.Location.Line == 21);
        Assert.Equal(5, ex.Errors.Count);
    }

    [Fact]
    public void A_delegation_names_known_nameservers()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+5m"
                push:
                  targets: { role: dns, name: "p*" }
                  change:
                    - delegation: { name: example.org, nameservers: [192.0.2.0/25] }
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Message.Contains("no service named 'example.org' — did you mean 'example.com'?"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("nameserver '192.0.2.0/25' is not one of the operator's DNS prefixes") &&
                                        e.Message.Contains("did you mean '192.0.2.0/24'?"));
    }
}
