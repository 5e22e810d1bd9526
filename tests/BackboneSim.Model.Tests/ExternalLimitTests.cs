using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// An external AS changes its max-prefix limit on the timeline (<c>external: { as, with, max_prefix }</c>), on
/// <see cref="ExternalAnnouncementTests.Topology"/>: DTAG peers with pop1-er1, which sends it the operator's two
/// prefixes (198.51.100.0/23 and the DNS prefix 192.0.2.0/24).
/// </summary>
public class ExternalLimitTests
{
    [Fact]
    public async Task A_limit_lowered_below_what_the_router_sends_tears_the_session_down_at_once_and_it_returns_after_as_restart()
    {
        var events = await ExternalAnnouncementTests.RunOn("""
              - at: "+1m"
                name: dtag-tightens
                external: { as: 3320, with: pop1-er1, max_prefix: 1 }
            """, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }", "5m", ExternalAnnouncementTests.Topology + "\nbgp: { as_restart: 2m }\n");
        // The action is played at 60 000 and reaches DTAG a lookahead (10 ms) later: 2 routes over a limit of 1.
        var exceeded = events.First(e => e.Kind == "bgp.max_prefix_exceeded");
        Assert.Equal((60_010L, "as3320"), (exceeded.Ms, exceeded.NodeName));
        Assert.Contains("\"routes\":2", exceeded.DataJson);
        var downs = events.Where(e => e.Kind == "bgp.session_down" && e.Ms is >= 60_000 and < 61_000).ToList();
        Assert.Equal(60_010, downs.Single(e => e.NodeName == "as3320").Ms);
        // The NOTIFICATION crosses the 1 ms peering and the router's BGP processing (50 ms).
        Assert.Equal(60_061, downs.Single(e => e.NodeName == "pop1-er1").Ms);
        // as_restart (2 m) after 60 010 DTAG opens the session again: its OPEN reaches pop1-er1 at 180 061 (1 ms + 50 ms
        // of BGP processing), the router's OPEN comes back at 180 112 and its routes a millisecond after: still 2 over a
        // limit of 1, so the session goes down again, and so on every as_restart while the limit stays.
        var again = events.Where(e => e.Kind is "bgp.max_prefix_exceeded" or "bgp.session_up" or "bgp.session_down" && e.Ms > 61_000).Select(e => (e.Ms, e.Kind, e.NodeName)).ToList();
        Assert.Equal([(180_061L, "bgp.session_up", "pop1-er1"), (180_112, "bgp.session_up", "as3320"), (180_113, "bgp.max_prefix_exceeded", "as3320"),
                      (180_113, "bgp.session_down", "as3320"), (180_164, "bgp.session_down", "pop1-er1")], again);
    }

    [Fact]
    public async Task A_limit_above_what_the_router_sends_changes_nothing()
    {
        var events = await ExternalAnnouncementTests.RunOn("""
              - at: "+1m"
                name: dtag-sets
                external: { as: 3320, max_prefix: 2 }
            """, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }", "3m");
        Assert.DoesNotContain(events, e => e.Kind is "bgp.max_prefix_exceeded" or "bgp.session_down");
    }

    [Theory]
    [InlineData("external: { as: 3320, with: pop1-er2, max_prefix: 1 }", "AS 3320 has no session with an operator router 'pop1-er2'")]
    [InlineData("external: { as: 3320, with: pop1-er1, max_prefix: 0 }", "max_prefix")]
    [InlineData("external: { as: 17557, max_prefix: 5 }", "AS 17557 has no session with the operator, so no limit to set")]
    [InlineData("external: { as: 3320, max_prefix: 5, withdraw: [192.0.2.0/24] }", "an external action does one thing")]
    public void A_bad_limit_is_refused_with_the_reason(string action, string error)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", ExternalAnnouncementTests.Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario($"""
              - at: "+1m"
                name: bad
                {action}
            """));
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(error, e.Message);
    }
}
