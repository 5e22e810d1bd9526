using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Power, cache warmth and overload of a data center whose traffic stops and returns, with the restore physics its
/// topology declares (caches, back ends, power limits) and without.
/// </summary>
public class DataCenterTests
{
    private const int Dc = 5, Gateway = 2, Responders = 9, Cohort = 7;
    private static readonly ModelParameters P = new();
    private const long Hour = 3_600_000, Minute = 60_000;

    /// <summary>Caches at the parameters' figures: cold 0.4, warm 1.2, warming with 10 min, cooling with 30 min.</summary>
    private static readonly DataCenterPhysics CachesOnly = new(Caches: new CachePhysics());

    /// <summary>Caches, back ends (2 retries, 10 % waste, crash at 2x, shed after 2 min, 30 min restart) and power (step 0.25 of peak, settle 5 min, breaker 20 min).</summary>
    private static readonly DataCenterPhysics Everything = new(new CachePhysics(), new BackendPhysics(), new PowerPhysics());

    private static (NodeHost Host, DataCenterModel Model) NewDataCenter(DataCenterPhysics? physics = null, double normalDemand = 0)
    {
        var model = new DataCenterModel(new DataCenterSpec(Dc, "x-dc", "x", Gateway, 100) { Physics = physics ?? CachesOnly }, P,
            normalDemand > 0 ? [Cohort] : null, normalDemand);
        var host = new NodeHost(Dc, "x-dc", model, 1, DeterministicRandom.ForNode(1, "x-dc"));
        host.Start();
        return (host, model);
    }

    private static SimMessage Edge(long at, bool reachable, long seq) => new()
    {
        DeliverAt = at, From = Gateway, To = Dc, Seq = seq, Payload = new ReachabilityReport { DataCenterReachable = true, EdgeReachable = reachable },
    };

    private static SimMessage Plan(long at, long start, long ramp) => new()
    {
        DeliverAt = at, From = Responders, To = Dc, Seq = 1, Payload = new RestorePlan { StartAt = start, RampMs = ramp },
    };

    [Fact]
    public void Dark_data_center_draws_idle_power_and_an_unplanned_return_trips_it()
    {
        var (host, model) = NewDataCenter();
        Assert.Equal(100, model.PowerMw);
        var dark = host.Step(1_001, [Edge(1_000, false, 1)]);
        var lost = Assert.Single(dark.Events, e => e.Kind == "dc.traffic_lost");
        Assert.Equal(60, lost.Value); // 100 MW x 0.6 idle share
        // Five hours later every user comes back at once, to caches that went cold (warmth e^-10).
        var back = host.Step(5 * Hour + 1_002, [Edge(5 * Hour + 1_000, true, 2)]);
        var overload = Assert.Single(back.Events, e => e.Kind == "dc.overload");
        Assert.Equal(5 * Hour + 1_000, overload.Ms);
        Assert.Contains("\"capacity\":0.4", overload.DataJson); // 0.4 + 0.8 x 0.0000454
        Assert.True(model.Tripped);
        Assert.Equal(60, model.PowerMw);
        // After the 15 min cool-down it ramps back on its own over an hour, slowly enough not to trip again.
        var recovered = host.Step(8 * Hour, []);
        Assert.DoesNotContain(recovered.Events, e => e.Kind == "dc.overload");
        Assert.Contains(recovered.Events, e => e.Kind == "dc.restore_begins" && e.Ms == 5 * Hour + 1_000 + P.DcTripRecoveryMs);
        Assert.Equal(100, model.PowerMw);
    }

    [Fact]
    public void A_planned_ramp_slower_than_cache_warm_up_brings_it_back_without_a_trip()
    {
        var (host, model) = NewDataCenter();
        host.Step(1_001, [Edge(1_000, false, 1)]);
        host.Step(5 * Hour + 1, [Plan(5 * Hour, 5 * Hour + 60_000, 45 * 60_000)]);
        var r = host.Step(8 * Hour, [Edge(5 * Hour + 10_000, true, 2)]);
        Assert.DoesNotContain(r.Events, e => e.Kind == "dc.overload");
        Assert.Equal(5 * Hour + 60_000, Assert.Single(r.Events, e => e.Kind == "dc.restore_begins").Ms); // waits for its stage
        var full = r.Events.First(e => e.Kind == "dc.load" && e.Value >= 100);
        Assert.Equal(5 * Hour + 60_000 + 45 * 60_000, full.Ms); // full load exactly when the ramp ends
        Assert.Equal(100, model.PowerMw);
    }

    [Fact]
    public void A_ramp_faster_than_cache_warm_up_overloads_part_way()
    {
        var (host, _) = NewDataCenter();
        host.Step(1_001, [Edge(1_000, false, 1)]);
        host.Step(5 * Hour + 1, [Plan(5 * Hour, 5 * Hour, 10 * 60_000)]);
        var r = host.Step(8 * Hour, [Edge(5 * Hour + 10_000, true, 2)]);
        var overload = r.Events.First(e => e.Kind == "dc.overload");
        // By hand: admitted t/10 min against 0.4 + 0.8 x warmth, warmth lagging by 10 min: they cross near t = 5 min.
        Assert.InRange(overload.Ms - 5 * Hour, 4 * 60_000, 6 * 60_000);
        Assert.InRange(overload.Value, 0.4, 0.6);
    }

    private static SimMessage Surge(long at, double extra, long seq) => new()
    {
        DeliverAt = at, From = Cohort, To = Dc, Seq = seq, Payload = new OfferedLoad { Extra = extra },
    };

    /// <summary>Load-minutes not served (1 − load, integrated over the dc.load/dc.overload steps) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static double UnservedMinutes(IEnumerable<SimEvent> events, long from, long to, double startLoad = 0)
    {
        var (load, at, sum) = (startLoad, from, 0.0);
        foreach (var e in events.Where(e => e.Ms >= from && e.Ms < to && e.Kind is "dc.load" or "dc.breaker_trip" or "dc.overload").OrderBy(e => e.Ms))
        {
            sum += (1 - load) * (e.Ms - at);
            at = e.Ms;
            load = e.Kind == "dc.load" ? System.Text.Json.JsonDocument.Parse(e.DataJson).RootElement.GetProperty("load").GetDouble() : 0;
        }
        return (sum + (1 - load) * (to - at)) / Minute;
    }

    [Fact]
    public void Without_declared_caches_every_user_comes_back_at_once_without_a_trip()
    {
        var (host, model) = NewDataCenter(DataCenterPhysics.None);
        host.Step(1_001, [Edge(1_000, false, 1)]);
        var back = host.Step(8 * Hour, [Edge(5 * Hour + 1_000, true, 2)]);
        Assert.DoesNotContain(back.Events, e => e.Kind is "dc.overload" or "dc.breaker_trip" or "dc.backends_overloaded");
        // All at once, in the first step: the full 100 MW at 5 h + 1 s, served by its warm capacity (1.2) whatever happened before.
        var full = Assert.Single(back.Events, e => e.Kind == "dc.load");
        Assert.Equal((5 * Hour + 1_000, 100.0), (full.Ms, full.Value));
        Assert.Contains("\"cache_warmth\":1}", full.DataJson);
        Assert.False(model.Tripped);
    }

    [Fact]
    public void An_all_at_once_return_to_cold_caches_trips_the_breaker_and_comes_back_later_and_with_more_lost_than_a_staged_ramp()
    {
        // Staged: its stage starts at 5 h + 1 min and the ramp takes 45 min; the plant follows the ramp, the caches warm.
        var (staged, _) = NewDataCenter(Everything);
        staged.Step(1_001, [Edge(1_000, false, 1)]);
        staged.Step(5 * Hour + 1, [Plan(5 * Hour, 5 * Hour + Minute, 45 * Minute)]);
        var s = staged.Step(9 * Hour, [Edge(5 * Hour + 1_000, true, 2)]).Events;
        Assert.DoesNotContain(s, e => e.Kind is "dc.overload" or "dc.breaker_trip" or "dc.backends_overloaded");
        var stagedFull = s.First(e => e.Kind == "dc.load" && e.Value >= 100).Ms;
        Assert.Equal(5 * Hour + Minute + 45 * Minute, stagedFull);

        // All at once: after 5 h at idle the plant has settled at 60 MW; the step to 100 MW (40 MW) is more than the
        // 25 MW limit: the breaker trips at once. Dark 20 min, then 30 min for the back ends to restart, then the
        // automatic hour-long ramp from cold: full load at 5 h + 1 s + 110 min.
        var (rushed, model) = NewDataCenter(Everything);
        rushed.Step(1_001, [Edge(1_000, false, 1)]);
        var r = rushed.Step(5 * Hour + 1_001, [Edge(5 * Hour + 1_000, true, 2)]).Events;
        var trip = Assert.Single(r, e => e.Kind == "dc.breaker_trip");
        Assert.Equal(5 * Hour + 1_000, trip.Ms);
        Assert.Contains("\"settled_mw\":60,\"to_mw\":100,\"step_limit_mw\":25,\"power_mw\":0", trip.DataJson);
        Assert.True(model.BreakerOpen);
        Assert.Equal(0, model.PowerMw);
        var later = rushed.Step(9 * Hour, []).Events;
        var reset = Assert.Single(later, e => e.Kind == "dc.breaker_reset");
        Assert.Equal((5 * Hour + 1_000 + 20 * Minute, 60.0), (reset.Ms, reset.Value));
        var auto = Assert.Single(later, e => e.Kind == "dc.restore_begins");
        Assert.Equal(reset.Ms + 30 * Minute, auto.Ms);
        Assert.Contains("\"ramp_ms\":3600000,\"cache_warmth\":0}", auto.DataJson); // cold: its servers lost power
        Assert.DoesNotContain(later, e => e.Kind is "dc.overload" or "dc.breaker_trip" or "dc.backends_overloaded");
        var rushedFull = later.First(e => e.Kind == "dc.load" && e.Value >= 100).Ms;
        Assert.Equal(5 * Hour + 1_000 + 110 * Minute, rushedFull);
        Assert.True(rushedFull > stagedFull);
        // Lost load-minutes from the return: staged, 1 min waiting plus half of the 45 min ramp (about 23.5, in steps of
        // 30 s: a little more); all at once, 50 min dark plus half of the hour (about 80).
        var (stagedLost, rushedLost) = (UnservedMinutes(s, 5 * Hour + 1_000, 9 * Hour), UnservedMinutes(r.Concat(later), 5 * Hour + 1_000, 9 * Hour));
        Assert.InRange(stagedLost, 23.4, 24.2);
        Assert.InRange(rushedLost, 80, 80.6);
    }

    [Fact]
    public void Back_ends_offered_more_than_twice_what_cold_caches_serve_crash_and_restart_from_cold()
    {
        // Caches and back ends, no power limit: offered 1 against 0.4 is more than twice: they crash at once, stay
        // dark for the 30 min restart, then ramp back over an hour (the restart costs more than the old 15 min trip).
        var (host, model) = NewDataCenter(new DataCenterPhysics(new CachePhysics(), new BackendPhysics()));
        host.Step(1_001, [Edge(1_000, false, 1)]);
        var r = host.Step(9 * Hour, [Edge(5 * Hour + 1_000, true, 2)]).Events;
        var crash = Assert.Single(r, e => e.Kind == "dc.overload");
        Assert.Equal((5 * Hour + 1_000, 1.0), (crash.Ms, crash.Value));
        var auto = r.Last(e => e.Kind == "dc.restore_begins");
        Assert.Equal((crash.Ms + 30 * Minute, true), (auto.Ms, auto.DataJson.Contains("\"cache_warmth\":0}")));
        Assert.Equal(crash.Ms + 90 * Minute, r.First(e => e.Kind == "dc.load" && e.Value >= 100).Ms);
        Assert.False(model.Tripped);
    }

    [Fact]
    public void A_power_step_above_the_limit_trips_the_breaker_and_the_site_comes_back_cold_but_a_blip_does_not()
    {
        // Power limits and caches, no back ends. A blip of 10 s: the plant has settled only to
        // 100 - 40 x (1 - e^(-10/300)) = 98.7 MW, so the return to 100 MW is a rise of 1.3 MW: no trip, warm caches serve it.
        var (host, model) = NewDataCenter(new DataCenterPhysics(Caches: new CachePhysics(), Power: new PowerPhysics()));
        host.Step(1_001, [Edge(1_000, false, 1)]);
        var blip = host.Step(11_001, [Edge(11_000, true, 2)]).Events;
        Assert.DoesNotContain(blip, e => e.Kind is "dc.breaker_trip" or "dc.overload");
        Assert.Equal(100, model.PowerMw);
        // An hour without traffic: settled at 60 + 40 x e^(-12) = 60.0 MW; the return asks 100 MW at once (the servers
        // run flat out, overloaded by cold caches): 40 MW above, more than 25. The breaker trips: no power, caches gone.
        host.Step(Hour, [Edge(12_000, false, 3)]);
        var r = host.Step(Hour + 12_001, [Edge(Hour + 12_000, true, 4)]).Events;
        var trip = Assert.Single(r, e => e.Kind == "dc.breaker_trip");
        Assert.Equal((Hour + 12_000, 100.0), (trip.Ms, trip.Value));
        Assert.DoesNotContain(r, e => e.Kind == "dc.overload"); // the breaker acts first
        Assert.Equal(0, model.PowerMw);
        // Reset after 20 min at the idle draw; without back ends the old 15 min cool-down follows, then the hour-long ramp from cold.
        var later = host.Step(5 * Hour, []).Events;
        Assert.Equal(Hour + 12_000 + 20 * Minute, Assert.Single(later, e => e.Kind == "dc.breaker_reset").Ms);
        var auto = Assert.Single(later, e => e.Kind == "dc.restore_begins");
        Assert.Equal((Hour + 12_000 + 35 * Minute, true), (auto.Ms, auto.DataJson.Contains("\"cache_warmth\":0}")));
        Assert.DoesNotContain(later, e => e.Kind is "dc.breaker_trip" or "dc.overload");
    }

    [Fact]
    public void Retries_keep_an_overloaded_data_center_overloaded_until_load_is_shed()
    {
        // Warm (capacity 1.2), back ends with 2 retries, 10 % waste, no crash below 10x, shedding after 5 min. A surge
        // to 1.5 for 10 s overloads it: useful work 1.2 x 0.9 = 1.08, failed 1 - 1.08/1.5 = 0.28.
        var backends = new BackendPhysics(Retries: 2, OverloadWaste: 0.1, CrashRatio: 10, ShedAfterMs: 5 * Minute);
        var (host, model) = NewDataCenter(new DataCenterPhysics(new CachePhysics(), backends), normalDemand: 1_000);
        var r = host.Step(10 * Minute, [Surge(Minute, 500, 1), Surge(Minute + 10_000, 0, 2)]).Events;
        var overloaded = Assert.Single(r, e => e.Kind == "dc.backends_overloaded");
        Assert.Equal((Minute, 1.5), (overloaded.Ms, overloaded.Value));
        Assert.Contains("\"useful\":1.08", overloaded.DataJson);
        // The surge is over at 1 min 10 s and the demand (1) is less than even the useful capacity (1.08), yet the
        // retries hold it: offered 1 x (1 + 2 x 0.28) = 1.56, then 1.615, 1.663, ... towards the fixed point
        // (1 + 2f)(1 - f) = 1.08, f = 0.4, offered 1.8. After 5 min of overload (10 steps) it sheds: offered 1.7898.
        var shed = Assert.Single(r, e => e.Kind == "dc.load_shed");
        Assert.Equal(6 * Minute, shed.Ms);
        Assert.Contains("\"offered\":1.7898", shed.DataJson);
        Assert.False(model.Overloaded);
        Assert.Equal(100, model.PowerMw); // back to its normal load, served in full
        Assert.DoesNotContain(r, e => e.Kind == "dc.overload");

        // Without retries the same surge leaves nothing behind: at the next step the demand of 1 fits.
        var (plain, plainModel) = NewDataCenter(new DataCenterPhysics(new CachePhysics(), backends with { Retries = 0 }), normalDemand: 1_000);
        var q = plain.Step(10 * Minute, [Surge(Minute, 500, 1), Surge(Minute + 10_000, 0, 2)]).Events;
        Assert.Single(q, e => e.Kind == "dc.backends_overloaded");
        Assert.DoesNotContain(q, e => e.Kind == "dc.load_shed");
        Assert.False(plainModel.Overloaded);
        Assert.Equal(100, q.Last(e => e.Kind == "dc.load").Value);
        Assert.True(q.Last(e => e.Kind == "dc.load").Ms <= Minute + 30_000);
    }

    [Fact]
    public void Retries_turn_a_slight_lasting_overload_into_a_crash_that_shedding_alone_would_have_avoided()
    {
        // Warm (capacity 1.2), 10 % waste, crash at 2 x 1.2 = 2.4, shedding after 2 min; demand 1.3 from 1 min on.
        // With 2 retries: offered 1.3 (failed 1 - 1.08/1.3 = 0.169), then 1.3 x 1.338 = 1.740 (failed 0.379), then
        // 1.3 x 1.759 = 2.286 (failed 0.528), then 1.3 x 2.055 = 2.672: past 2.4 at the third step, 1 min 30 s in.
        var backends = new BackendPhysics(Retries: 2, OverloadWaste: 0.1, CrashRatio: 2, ShedAfterMs: 2 * Minute);
        var (host, _) = NewDataCenter(new DataCenterPhysics(new CachePhysics(), backends), normalDemand: 1_000);
        var r = host.Step(10 * Minute, [Surge(Minute, 300, 1)]).Events;
        var crash = Assert.Single(r, e => e.Kind == "dc.overload");
        Assert.Equal((Minute + 90_000, 2.6718), (crash.Ms, Math.Round(crash.Value, 4)));
        Assert.DoesNotContain(r, e => e.Kind == "dc.load_shed");

        // Without retries the offered load stays 1.3: overloaded, never past 2.4; after 2 min load is shed to what it
        // serves usefully, 1.08 / 1.3 = 0.8308 of its users, and it ramps back from there.
        var (plain, plainModel) = NewDataCenter(new DataCenterPhysics(new CachePhysics(), backends with { Retries = 0 }), normalDemand: 1_000);
        var q = plain.Step(Minute + 2 * Minute + 1, [Surge(Minute, 300, 1)]).Events;
        Assert.DoesNotContain(q, e => e.Kind == "dc.overload");
        var shed = Assert.Single(q, e => e.Kind == "dc.load_shed");
        Assert.Equal((3 * Minute, 0.8308), (shed.Ms, shed.Value));
        Assert.False(plainModel.Tripped);
    }

    /// <summary>Two data centers of one region (nodes 5 and 6, 100 MW each) whose feed takes a rise of 70 MW above its settled draw; no other physics.</summary>
    private static (NodeHost A, NodeHost B) RegionPair()
    {
        NodeHost Host(int node, int peer)
        {
            var spec = new DataCenterSpec(node, $"dc{node}-dc", $"dc{node}", Gateway, 100) { RegionPower = new RegionPowerLimit("r", 70, null, [(peer, 100)]) };
            var host = new NodeHost(node, spec.Name, new DataCenterModel(spec, P), 1, DeterministicRandom.ForNode(1, spec.Name));
            host.Start();
            return host;
        }
        return (Host(5, 6), Host(6, 5));
    }

    private static SimMessage EdgeTo(int node, long at, bool reachable, long seq) => new()
    {
        DeliverAt = at, From = Gateway, To = node, Seq = seq, Payload = new ReachabilityReport { DataCenterReachable = true, EdgeReachable = reachable },
    };

    /// <summary>
    /// Steps both hosts to <paramref name="until"/>, each with its own inputs and what the other told it, in windows of
    /// 1 ms at each instant something is due (as the coordinator would: a message sent in one window arrives in a later one).
    /// </summary>
    private static List<SimEvent> StepPair(NodeHost a, NodeHost b, long until, List<SimMessage> toA, List<SimMessage> toB)
    {
        var events = new List<SimEvent>();
        var (dueA, dueB) = (0L, 0L);
        while (true)
        {
            var next = new[] { dueA, dueB, toA.Count > 0 ? toA.Min(m => m.DeliverAt) : long.MaxValue, toB.Count > 0 ? toB.Min(m => m.DeliverAt) : long.MaxValue }.Min();
            if (next >= until) return events;
            var end = next + 1;
            var ra = a.Step(end, toA.Where(m => m.DeliverAt < end).ToList());
            var rb = b.Step(end, toB.Where(m => m.DeliverAt < end).ToList());
            toA.RemoveAll(m => m.DeliverAt < end);
            toB.RemoveAll(m => m.DeliverAt < end);
            toB.AddRange(ra.Outgoing.Where(m => m.To == 6));
            toA.AddRange(rb.Outgoing.Where(m => m.To == 5));
            events.AddRange(ra.Events.Concat(rb.Events));
            (dueA, dueB) = (ra.NextLocalDue, rb.NextLocalDue);
        }
    }

    [Fact]
    public void Data_centers_of_a_region_that_return_together_trip_its_feed_and_staggered_they_do_not()
    {
        // Both lose their traffic at 1 s: 60 MW each, the feed settles at 120 MW. An hour later dc5 takes everything
        // back at once: 160 MW, 40 above the settled 120: within the feed's 70.
        var (a, b) = RegionPair();
        StepPair(a, b, Hour, [EdgeTo(5, 1_000, false, 1)], [EdgeTo(6, 1_000, false, 1)]);
        var first = StepPair(a, b, Hour + 10_000, [EdgeTo(5, Hour, true, 2)], []);
        Assert.DoesNotContain(first, e => e.Kind is "dc.region_power_trip" or "dc.breaker_trip");
        // dc6 follows 10 s later: dc5's 100 MW reached it 1 ms after the change; the feed has settled only to
        // 120 + 40 x (1 - e^(-9,999/300,000)) = 121.311 MW (121.312 with what was left of the 200 MW start, 80 x e^-12), and
        // dc6 asks 200: 78.7 above. Its breaker trips.
        var second = StepPair(a, b, Hour + 20_000, [], [EdgeTo(6, Hour + 10_000, true, 3)]);
        var trip = Assert.Single(second, e => e.Kind == "dc.region_power_trip");
        Assert.Equal((Hour + 10_000, "dc6-dc", 200.0), (trip.Ms, trip.Subject, trip.Value));
        Assert.Contains("\"region\":\"r\",\"settled_mw\":121.312,\"to_mw\":200,\"step_limit_mw\":70", trip.DataJson);

        // The same, with dc6 half an hour after dc5: the feed has settled to 160 - 40 x e^-6 = 159.90 MW, and 200 is
        // 40.1 above it: no trip.
        var (c, d) = RegionPair();
        StepPair(c, d, Hour, [EdgeTo(5, 1_000, false, 1)], [EdgeTo(6, 1_000, false, 1)]);
        StepPair(c, d, Hour + 10_000, [EdgeTo(5, Hour, true, 2)], []);
        var later = StepPair(c, d, 2 * Hour, [], [EdgeTo(6, Hour + 30 * Minute, true, 3)]);
        Assert.DoesNotContain(later, e => e.Kind is "dc.region_power_trip" or "dc.breaker_trip");
        Assert.Contains(later, e => e.Kind == "dc.load" && e.Subject == "dc6-dc" && e.Ms == Hour + 30 * Minute && e.Value == 100);
    }
}
