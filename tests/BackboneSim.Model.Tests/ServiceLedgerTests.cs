using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

public class ServiceLedgerTests
{
    [Fact]
    public void User_minutes_integrate_unserved_active_users_over_time()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: example.com, ttl: 60s, users_share: 0.5 }
            users: { eu: 1000000, na: 2000000 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario()));
        var ledger = new ServiceLedger(new SimulationFactory(scenario));
        var eu = scenario.Topology.Clients.Single(c => c.Region == "eu").Name;
        LoggedEvent Availability(long id, long ms, double value) => new()
        {
            Id = id, Ms = ms, Kind = "service.availability", NodeName = eu, Subject = "example.com", Value = value,
            Payload = new ServiceAvailability("example.com", value, null, null), // observers match on the record
        };
        // eu's users lose it completely for 2 minutes, then half of them for 1 more minute.
        ledger.OnWindow(60_000, [Availability(1, 60_000, 0)]);
        ledger.OnWindow(180_000, [Availability(2, 180_000, 0.5)]);
        ledger.OnWindow(240_000, [Availability(3, 240_000, 1)]);
        ledger.OnFinished(3_600_000);
        var l = ledger.Services["example.com"];
        // By hand: 1,000,000 users x 0.5 usage x 1.5 % active = 7,500 active; 7,500 x 2 min + 3,750 x 1 min.
        Assert.Equal(7_500 * 2 + 3_750 * 1, l.UserMinutesLost, 6);
        Assert.Equal(60_000, l.FirstImpactMs);
        Assert.Equal(240_000, l.FullyRestoredMs);
        Assert.Equal(0, l.FullOutageMs); // na's users kept it all along: it was never down for everybody
    }
}
