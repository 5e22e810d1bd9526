using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;
using Xunit.Abstractions;

namespace BackboneSim.Web.Tests;

/// <summary>GET /api/runs/{id}/why: the causal chains of the FB run, held to CausalChain.Explain (the CLI's explain), and bad input.</summary>
[Collection(WebCollection.Name)]
public sealed class WhyApiTests(WebHostFixture web, ITestOutputHelper output)
{
    private const string Fb = "facebook-2021-10-04";
    private const long Seed = 7;
    private const long At1545 = 15 * 60_000; // the FB scenario starts at 15:30 UTC

    [Fact]
    public async Task Why_chains_of_the_FB_run_end_at_the_capacity_check_line_as_the_cli_explains_them()
    {
        var (scenario, _) = ScenarioBundle.FromDisk(RepoPaths.File($"scenarios/{Fb}.yaml"), Seed);
        var expectedEvents = await InMemoryEventsUpTo(scenario, At1545);
        var dns = scenario.Topology.DnsServers[0].Name;

        // To 16:00: the cascade and the Internet's reaction, about a third of the whole run's events. Every chain
        // asked for is before then; the end of the run is only needed as "the run's instant", which any until gives.
        var run = await web.StartRunAsync(new { scenario = Fb, seed = Seed, until = "30m", speed = "max" });
        try
        {
            var ended = await web.WaitForAsync(run, s => s.GetProperty("state").GetString() == "ended", TimeSpan.FromMinutes(5));

            // A DNS server after 15:40: the same state event and chain, event for event, as explain prints.
            var why = await Why(run, $"target={dns}&at={At1545}");
            var expected = CausalChain.Explain(expectedEvents, dns, "node", At1545);
            Assert.Equal("node", why.GetProperty("kind").GetString());
            Assert.Equal("dns", why.GetProperty("element").GetString());
            Assert.Equal(At1545, why.GetProperty("atMs").GetInt64());
            Assert.Equal("2021-10-04T15:45:00.000Z", why.GetProperty("t").GetString());
            Assert.Equal("withdrawn", why.GetProperty("state").GetString());
            Assert.Equal(expected.StateEvent!.Id, why.GetProperty("stateEvent").GetProperty("id").GetInt64());
            Assert.Equal(expected.Chain.Select(e => e.Id), Ids(why));
            Assert.True(expected.Chain.Count >= 3, $"a chain of {expected.Chain.Count} events");
            var first = why.GetProperty("chain")[0];
            Assert.Equal("scenario.action", first.GetProperty("kind").GetString());
            Assert.Equal("2021-10-04T15:39:00.000Z", first.GetProperty("t").GetString());
            var line = why.GetProperty("root").GetProperty("line").GetString()!;
            Assert.Equal(expected.Chain[0].Field("line"), line);
            AssertCapacityCheckLine(line);
            // The chain's events are the /events objects, byte for byte.
            var id = first.GetProperty("id").GetInt64();
            var page = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/events?since={id - 1}&max=1")).RootElement;
            Assert.Equal(page.GetProperty("events")[0].GetRawText(), first.GetRawText());

            // A service, a site and a backbone link at 15:45 also lead back to the capacity check.
            var service = await Why(run, $"target=facebook.com&at=15:45");
            Assert.Equal(("service", "unavailable"), (service.GetProperty("kind").GetString(), service.GetProperty("state").GetString()));
            Assert.Equal(0, service.GetProperty("availability").GetDouble());
            Assert.Equal(CausalChain.Explain(expectedEvents, "facebook.com", "service", At1545).Chain.Select(e => e.Id), Ids(service));
            AssertCapacityCheckLine(service.GetProperty("root").GetProperty("line").GetString()!);
            var cohort = scenario.Topology.Clients[0].Name;
            var inCohort = await Why(run, $"target=facebook.com&at={At1545}&cohort={cohort}");
            Assert.Equal(CausalChain.Explain(expectedEvents, "facebook.com", "service", At1545, cohort).Chain.Select(e => e.Id), Ids(inCohort));
            Assert.Equal(cohort, inCohort.GetProperty("cohort").GetString());

            var site = scenario.Topology.DnsServers[0].Site;
            var siteWhy = await Why(run, $"target={site}&at={At1545}");
            Assert.Equal(("site", "down"), (siteWhy.GetProperty("kind").GetString(), siteWhy.GetProperty("state").GetString()));
            AssertCapacityCheckLine(siteWhy.GetProperty("root").GetProperty("line").GetString()!);
            var link = scenario.Topology.Links.First(l => l.Kind == "backbone").Name;
            var linkWhy = await Why(run, $"target={link}&at={At1545}");
            Assert.Equal(("link", "down"), (linkWhy.GetProperty("kind").GetString(), linkWhy.GetProperty("state").GetString()));
            Assert.Equal("interface.admin", linkWhy.GetProperty("stateEvent").GetProperty("kind").GetString());
            AssertCapacityCheckLine(linkWhy.GetProperty("root").GetProperty("line").GetString()!);

            // Every site (and some links) as the map draws it at 15:45, and a chain whenever it is not as it started.
            var map = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/topology?at={At1545}")).RootElement;
            var names = map.GetProperty("sites").EnumerateArray().Select(x => x.GetProperty("name").GetString()!)
                .Concat(map.GetProperty("links").EnumerateArray().Take(20).Select(x => x.GetProperty("name").GetString()!));
            foreach (var name in names)
            {
                var answer = await Why(run, $"target={Uri.EscapeDataString(name)}&at={At1545}");
                var mapState = map.GetProperty("states").GetProperty(name).GetString();
                Assert.True(mapState == answer.GetProperty("state").GetString(), $"{name}: map {mapState}, why {answer}");
                if (mapState != map.GetProperty("initial").GetProperty(name).GetString())
                    Assert.True(answer.GetProperty("chain").GetArrayLength() > 0, $"{name} is {mapState} with no chain: {answer}");
            }

            // Before the push nothing explains the server: unchanged since the start.
            var before = await Why(run, $"target={dns}&at=15:35");
            Assert.Equal("announcing", before.GetProperty("state").GetString());
            Assert.Equal(0, before.GetProperty("chain").GetArrayLength());
            Assert.False(before.TryGetProperty("root", out _));

            // No at: the run's instant (its end); past the end: clamped to it.
            var untilMs = ended.GetProperty("untilMs").GetInt64();
            Assert.Equal(untilMs, (await Why(run, $"target={dns}")).GetProperty("atMs").GetInt64());
            Assert.Equal(untilMs, (await Why(run, $"target={dns}&at=999999999999999")).GetProperty("atMs").GetInt64());

            // How long a question takes on the FB log to 16:00 (the host walks every released event to T).
            var events = ended.GetProperty("events").GetInt64();
            var clock = Stopwatch.StartNew();
            const int Asks = 20;
            for (var i = 0; i < Asks; i++) await Why(run, $"target={dns}");
            Report($"GET /why on the FB run's {events} events: {clock.Elapsed.TotalMilliseconds / Asks:F1} ms a question (mean of {Asks}, over loopback HTTP)");
        }
        finally { await web.EndRunAsync(run); }
    }

    [Fact]
    public async Task Why_never_looks_past_what_the_run_has_released()
    {
        // Paused at 15:30: asking about 15:45 answers at the released instant, with nothing of the push in it.
        var run = await web.StartRunAsync(new { scenario = Fb, until = "20m" });
        try
        {
            var dns = await FirstDns(run);
            var why = await Why(run, $"target={dns}&at={At1545}");
            Assert.True(why.GetProperty("atMs").GetInt64() < 60_000, $"answered at {why.GetProperty("atMs")}");
            Assert.Equal("announcing", why.GetProperty("state").GetString());
            Assert.Equal(0, why.GetProperty("chain").GetArrayLength());
            var service = await Why(run, "target=facebook.com&at=15:45");
            Assert.Equal("available", service.GetProperty("state").GetString());
        }
        finally { await web.EndRunAsync(run); }
    }

    [Fact]
    public async Task Why_refuses_bad_targets_and_numbers_with_clear_errors()
    {
        var run = await web.StartRunAsync(new { scenario = Fb, until = "5m" });
        try
        {
            var dns = await FirstDns(run);
            var typo = dns[..^1] + (dns[^1] == 'x' ? 'y' : 'x');
            var (status, error) = await Refused(run, $"target={typo}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains($"no node, service, prefix, site or link named '{typo}'", error);
            Assert.Contains("did you mean", error);
            (status, error) = await Refused(run, "target=facebok.com");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("did you mean 'facebook.com'", error);

            foreach (var hostile in new[] { "<script>alert(1)</script>", "../../etc/passwd", "a b", "x\u202Eevil", new string('a', 201) })
            {
                var response = await web.Http.GetAsync($"/api/runs/{run}/why?target={Uri.EscapeDataString(hostile)}");
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var text = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain(hostile, text);
                Assert.DoesNotContain("<script>", text);
            }
            // Longer than a request line may be: Kestrel refuses it before the API sees it.
            Assert.Equal(HttpStatusCode.RequestUriTooLong, (await web.Http.GetAsync($"/api/runs/{run}/why?target={new string('a', 10_000)}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Refused(run, "")).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await Refused(run, $"target={dns}&cohort=%3Cb%3E")).Status);

            foreach (var at in new[] { "-5", "abc", "99999999999999999999999", "1e9", "1.5", "%3Cb%3Enoon" })
            {
                (status, error) = await Refused(run, $"target={dns}&at={at}");
                Assert.Equal(HttpStatusCode.BadRequest, status);
                Assert.Contains("at is virtual ms", error);
            }

            (status, error) = await Refused(run, $"target={dns}&cohort=somewhere");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("services only", error);
            (status, error) = await Refused(run, "target=facebook.com&cohort=no-such-cohort");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("no client cohort named 'no-such-cohort'", error);

            Assert.Equal(HttpStatusCode.NotFound, (await web.Http.GetAsync($"/api/runs/0123456789abcdef0123456789abcdef/why?target={dns}")).StatusCode);
        }
        finally { await web.EndRunAsync(run); }
    }

    private async Task<JsonElement> Why(string run, string query)
    {
        var response = await web.Http.GetAsync($"/api/runs/{run}/why?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"why?{query}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<(HttpStatusCode Status, string Error)> Refused(string run, string query)
    {
        var response = await web.Http.GetAsync($"/api/runs/{run}/why?{query}");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!);
    }

    private async Task<string> FirstDns(string run)
    {
        var topology = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/topology")).RootElement;
        return topology.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("kind").GetString() == "dns").GetProperty("name").GetString()!;
    }

    private static IEnumerable<long> Ids(JsonElement why) => why.GetProperty("chain").EnumerateArray().Select(e => e.GetProperty("id").GetInt64());

    /// <summary>The line names the FB scenario file, and the action there is the capacity check.</summary>
    private static void AssertCapacityCheckLine(string line)
    {
        var m = System.Text.RegularExpressions.Regex.Match(line, $@"{Fb}\.yaml:(\d+)");
        Assert.True(m.Success, $"root line '{line}'");
        var lines = File.ReadAllLines(RepoPaths.File($"scenarios/{Fb}.yaml"));
        var n = int.Parse(m.Groups[1].Value);
        Assert.Contains(lines.Skip(n - 1).Take(2), l => l.Contains("name: capacity-check"));
    }

    /// <summary>The events up to <paramref name="atMs"/> from an in-memory run, as the CLI's explain collects them.</summary>
    private static async Task<List<LoggedEvent>> InMemoryEventsUpTo(ScenarioDefinition scenario, long atMs)
    {
        var events = new List<LoggedEvent>();
        await using (var driver = InMemoryRun.Create(new SimulationFactory(scenario), atMs + 1))
            await driver.RunToEndAsync(new Collector(events), atMs + 1);
        return events;
    }

    private sealed class Collector(List<LoggedEvent> events) : IEventSink
    {
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> batch) => events.AddRange(batch);
        public void OnFinished(long endMs) { }
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(BrowserFixture.Screenshots, "figures.txt"), $"{DateTime.UtcNow:u} {line}\n");
    }
}
