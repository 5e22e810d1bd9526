using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Tests;

/// <summary>Resolver caches and client retries, driven message by message through a real NodeHost.</summary>
public class ResolverAndClientTests
{
    private const int Resolver = 7, Client = 9, AsNode = 3;
    private const string Prefix = "192.0.2.0/24", Name = "example.com";
    private static readonly ModelParameters P = new();

    private static (NodeHost Host, long Phase) NewResolver(bool serveStale)
    {
        var spec = new ResolverSpec(Resolver, "isp-resolvers", AsNode, false, serveStale, 4);
        var model = new ResolverModel(spec, P, [new ServiceSpec(Name, 300_000, 1, false, [])], [Prefix], [Prefix], [(Client, Name, 500.0)]);
        var host = new NodeHost(Resolver, spec.Name, model, 1, DeterministicRandom.ForNode(42, spec.Name));
        host.Start();
        // The phase of the name's refresh grid is the generator's first draw: recompute it by hand.
        var phase = DeterministicRandom.ForNode(42, spec.Name).NextLong(0, 300_000);
        return (host, phase);
    }

    private static SimMessage Msg(long at, int from, object payload, long seq = 1) => new() { DeliverAt = at, From = from, To = Resolver, Seq = seq, Payload = payload };

    [Fact]
    public void A_cached_answer_lasts_until_its_TTL_runs_out_then_the_resolver_answers_SERVFAIL()
    {
        var (host, phase) = NewResolver(serveStale: false);
        var lost = host.Step(1_001, [Msg(1_000, AsNode, new RouteAvailability { Prefix = Prefix, Available = false })]);
        Assert.Contains(lost.Events, e => e.Kind == "resolver.authority_unreachable" && e.Ms == 1_000);

        // The next point of the refresh grid phase + k x TTL after 1 s (k may be 0: the first expiry is at the phase).
        var expiry = 1_000 < phase ? phase : phase + ((1_000 - phase) / 300_000 + 1) * 300_000;
        // Without a route the refresh fails at once: the AS answers ICMP unreachable, one round trip for the one nameserver.
        var failAt = expiry + P.ResolverRttMs;
        Assert.Empty(host.Step(failAt, []).Events); // nothing happens before the refresh has failed
        var failed = host.Step(failAt + 1, []);
        var servfail = Assert.Single(failed.Events, e => e.Kind == "resolver.servfail");
        Assert.Equal(failAt, servfail.Ms);
        var status = Assert.Single(failed.Outgoing, m => m.Payload is DnsAnswerStatus);
        Assert.Equal((Client, false), (status.To, ((DnsAnswerStatus)status.Payload).Answering));
        var load = Assert.Single(failed.Events, e => e.Kind == "resolver.load");
        Assert.Contains("\"servfail_per_s\":500", load.DataJson);
    }

    [Fact]
    public void A_route_that_leads_nowhere_costs_the_give_up_time_and_losing_it_then_fails_at_once()
    {
        var (host, phase) = NewResolver(serveStale: false);
        // The data plane says the queries are blackholed (say the site's entry router is dark): the refresh at the
        // next expiry waits out timeouts and retries until the give-up time.
        var lost = host.Step(1_001, [Msg(1_000, AsNode, new AuthorityPath { Prefix = Prefix, Fate = AnycastFate.Blackholed })]);
        Assert.Contains(lost.Events, e => e.Kind == "resolver.authority_unreachable" && e.Ms == 1_000);
        var expiry = 1_000 < phase ? phase : phase + ((1_000 - phase) / 300_000 + 1) * 300_000;
        Assert.Equal(expiry + P.ResolverGiveUpMs, Assert.Single(host.Step(expiry + P.ResolverGiveUpMs + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);

        // A second outage on a fresh cohort: the route goes too while the refresh is timing out, so it fails at once.
        var (other, otherPhase) = NewResolver(serveStale: false);
        other.Step(1_001, [Msg(1_000, AsNode, new AuthorityPath { Prefix = Prefix, Fate = AnycastFate.Blackholed })]);
        var otherExpiry = 1_000 < otherPhase ? otherPhase : otherPhase + ((1_000 - otherPhase) / 300_000 + 1) * 300_000;
        other.Step(2_001, [Msg(2_000, AsNode, new AuthorityPath { Prefix = Prefix, Fate = AnycastFate.NoRoute }, 2)]);
        Assert.Equal(otherExpiry + P.ResolverRttMs, Assert.Single(other.Step(otherExpiry + P.ResolverGiveUpMs + 1, []).Events, e => e.Kind == "resolver.servfail").Ms);
    }

    [Fact]
    public void After_the_route_returns_the_failure_cache_runs_out_before_the_name_resolves_again()
    {
        var (host, _) = NewResolver(serveStale: false);
        host.Step(1_001, [Msg(1_000, AsNode, new RouteAvailability { Prefix = Prefix, Available = false })]);
        host.Step(700_000, []);
        var back = host.Step(700_002, [Msg(700_001, AsNode, new RouteAvailability { Prefix = Prefix, Available = true }, 2)]);
        Assert.Contains(back.Events, e => e.Kind == "resolver.authority_reachable");
        var later = host.Step(800_000, []);
        var resolving = Assert.Single(later.Events, e => e.Kind == "resolver.resolving");
        Assert.InRange(resolving.Ms, 700_001 + P.ResolverRttMs, 700_001 + P.ServfailCacheMs + P.ResolverRttMs);
    }

    [Fact]
    public void Serve_stale_keeps_answering_when_the_authority_is_gone()
    {
        var (host, _) = NewResolver(serveStale: true);
        host.Step(1_001, [Msg(1_000, AsNode, new RouteAvailability { Prefix = Prefix, Available = false })]);
        var result = host.Step(1_000_000, []);
        Assert.Contains(result.Events, e => e.Kind == "resolver.serving_stale");
        Assert.DoesNotContain(result.Events, e => e.Kind == "resolver.servfail");
        Assert.All(result.Outgoing.Select(m => m.Payload).OfType<DnsAnswerStatus>(), s => Assert.True(s.Answering));
    }

    [Fact]
    public void Failing_users_retry_instead_of_waiting_for_the_TTL_so_their_query_rate_grows()
    {
        // Front-ends down but names still resolving: stubs keep the cached answer, the resolver sees no more queries.
        var services = new[] { new ServiceSpec(Name, 300_000, 1, false, []), new ServiceSpec("login", 300_000, 0.5, true, [Name]) };
        var spec = new ClientCohortSpec(Client, "isp-users", AsNode, "eu", 1_000_000, [(Resolver, 1.0)], [4]);
        var model = new ClientCohortModel(spec, P, services);
        // Working: 1,000,000 users x the active share, one query per 300 s TTL (1.5 % active: 50 queries/s).
        var active = 1_000_000 * P.ActiveUserFraction;
        Assert.Equal(active / 300, Assert.Single(model.Demands()).Qps, 6);
        var host = new NodeHost(Client, "isp-users", model, 1, DeterministicRandom.ForNode(1, "isp-users"));
        host.Start();
        var report = new SimMessage { DeliverAt = 10, From = 4, To = Client, Seq = 1, Payload = new ReachabilityReport { DataCenterReachable = false } };
        var r = host.Step(11, [report]);
        Assert.Equal(0, model.Availability(Name));
        Assert.Equal(0, model.Availability("login")); // the third-party login depends on it
        Assert.DoesNotContain(r.Outgoing, m => m.Payload is QueryDemand);
        Assert.Equal(0, ((TrafficDemand)Assert.Single(r.Outgoing, m => m.Payload is TrafficDemand).Payload).Gbps); // no front-end to send it to
        var affected = Assert.Single(r.Events, e => e.Kind == "users.affected");
        Assert.Equal(1_000_000, affected.Value);
        // The resolver starts answering SERVFAIL, which stubs do not cache: every retry asks again.
        var servfail = new SimMessage { DeliverAt = 20, From = Resolver, To = Client, Seq = 1, Payload = new DnsAnswerStatus { Service = Name, Answering = false } };
        r = host.Step(21, [servfail]);
        var demand = (QueryDemand)Assert.Single(r.Outgoing, m => m.Payload is QueryDemand).Payload;
        Assert.Equal(active / 10, demand.QueriesPerSecond, 6); // one query per 10 s retry instead of per 300 s TTL
    }
}

public class ServicePlacementTests
{
    [Fact]
    public void A_service_hosted_in_one_data_center_fails_with_it_while_others_lose_only_its_share()
    {
        var p = new ModelParameters();
        ServiceSpec[] services = [new("video", 300_000, 1, false, []) { DataCenters = ["x"] }, new("chat", 300_000, 1, false, [])];
        var spec = new ClientCohortSpec(1, "users", 9, "eu", 1_000, [(2, 1.0)], []);
        var model = new ClientCohortModel(spec, p, services, [new(3, "x", 10.0, "eu"), new(4, "y", 30.0, "eu")]);
        var host = new NodeHost(1, "users", model, 1, DeterministicRandom.ForNode(1, "users"));
        host.Start();
        host.Step(11, [new SimMessage { DeliverAt = 10, From = 3, To = 1, Seq = 1, Payload = new ServingLoad { Load = 0 } }]);
        Assert.Equal(0, model.Availability("video"));
        Assert.Equal(0.76, model.Availability("chat"), 6); // 30 of 40 MW of capacity left: 0.75, in 2 % steps
    }
}
