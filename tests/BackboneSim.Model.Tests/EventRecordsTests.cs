using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Event kinds are declared as records (<see cref="ModelEvent"/>): each is sealed, names its kind, no two records
/// name the same kind, and the catalog (EventKinds.All) that expectations, the schema and docs/outputs.md are held
/// to is exactly their kinds. A record renders its fields in order, as the log has always written them.
/// </summary>
public class EventRecordsTests
{
    private static readonly Type[] Records = typeof(RouterModel).Assembly.GetTypes()
        .Where(t => typeof(ModelEvent).IsAssignableFrom(t) && !t.IsAbstract).ToArray();

    [Fact]
    public void Every_event_record_is_sealed_and_names_a_catalogued_kind_of_its_own()
    {
        Assert.NotEmpty(Records);
        foreach (var t in Records)
        {
            Assert.True(t.IsSealed, $"{t.Name} is not sealed");
            var kind = ModelEvent.KindOf(t);
            Assert.True(EventKinds.All.Contains(kind), $"{t.Name} names '{kind}', which EventKinds.All does not list");
        }
        var twice = Records.GroupBy(ModelEvent.KindOf).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Name))}").ToList();
        Assert.True(twice.Count == 0, "kinds declared by more than one record: " + string.Join("; ", twice));
    }

    [Fact]
    public void A_record_renders_its_fields_in_order_as_the_string_form_does()
    {
        var e = new IgpDcReachability("r1", Reachable: true, NearestDc: "dc-a", Metric: 30);
        Assert.Equal("igp.dc_reachability", e.Kind);
        Assert.Equal("r1", e.Subject);
        Assert.Equal(1, e.Value);
        Assert.Equal(EventJson.Render([("reachable", true), ("nearest_dc", "dc-a"), ("metric", 30L)]), EventJson.Render(e.Data()));
        Assert.Equal("""{"reachable":false,"nearest_dc":null,"metric":null}""", EventJson.Render(new IgpDcReachability("r1", false, null, null).Data()));
        Assert.Equal("{}", EventJson.Render(new RouterControlPlaneRecovered("r1").Data()));
    }

    [Fact]
    public async Task A_logged_event_carries_its_record_for_observers_to_match_on()
    {
        // A backbone interface taken down on the ring: the log's events carry the records they were emitted as.
        var (events, _) = await RingNetwork.RunAsync(RingNetwork.RingScenario(RingNetwork.Push(0, 10_000, RingNetwork.R2, "*", up: false)));
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(e.Kind, Assert.IsAssignableFrom<ModelEvent>(e.Payload).Kind));
        var down = events.Select(e => e.Payload).OfType<IgpAdjacencyDown>().First();
        Assert.False(string.IsNullOrEmpty(down.Neighbor));
    }
}
