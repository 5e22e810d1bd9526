using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Web.Tests;

/// <summary>The REST API against the real host: the library, bad and hostile input, and a run's log and series.</summary>
[Collection(WebCollection.Name)]
public sealed class ApiTests(WebHostFixture web)
{
    [Fact]
    public async Task Scenarios_lists_the_library_with_titles()
    {
        var list = JsonDocument.Parse(await web.Http.GetStringAsync("/api/scenarios")).RootElement;
        var fb = list.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "facebook-2021-10-04");
        Assert.Equal("A backbone capacity check takes every link down", fb.GetProperty("title").GetString());
        Assert.Equal("facebook-2021-10-04.yaml", fb.GetProperty("file").GetString());
        Assert.Equal(Directory.GetFiles(RepoPaths.File("scenarios"), "*.yaml").Length, list.GetArrayLength());
    }

    [Fact]
    public async Task Unknown_scenario_is_404_with_a_clear_message()
    {
        var response = await web.Http.PostAsJsonAsync("/api/runs", new { scenario = "no-such-outage" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // The JSON encoder escapes quotes (\u0027): read the message, not the raw text.
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("no scenario named 'no-such-outage' in the library", error);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("facebook-2021-10-04.yaml/../../x")]
    [InlineData("")]
    public async Task Hostile_scenario_names_are_refused_without_being_echoed(string name)
    {
        var response = await web.Http.PostAsJsonAsync("/api/runs", new { scenario = name });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("library name", text);
        if (name.Length > 0) Assert.DoesNotContain(name, text);
        Assert.DoesNotContain("<script>", text);
    }

    [Fact]
    public async Task Bad_bodies_are_refused()
    {
        var notJson = await web.Http.PostAsync("/api/runs", new StringContent("{scenario:", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var wrongType = await web.Http.PostAsync("/api/runs", new StringContent("scenario=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var huge = await web.Http.PostAsync("/api/runs", new StringContent("{\"scenario\":\"" + new string('a', 40_000) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var badSpeed = await web.Http.PostAsJsonAsync("/api/runs", new { scenario = "facebook-2021-10-04", speed = "2x" });
        Assert.Equal(HttpStatusCode.BadRequest, badSpeed.StatusCode);
        var badSeed = await web.Http.PostAsJsonAsync("/api/runs", new { scenario = "facebook-2021-10-04", seed = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, badSeed.StatusCode);
        var badUntil = await web.Http.PostAsJsonAsync("/api/runs", new { scenario = "facebook-2021-10-04", until = "99h" });
        Assert.Equal(HttpStatusCode.BadRequest, badUntil.StatusCode);
    }

    /// <summary>Issue 14 item 10: a field an endpoint does not take, or of the wrong type, is a 400 that names it.</summary>
    [Fact]
    public async Task Unknown_and_mistyped_fields_are_400_naming_the_field()
    {
        async Task<string> Refused(string path, string json)
        {
            var response = await web.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} {json}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        }
        Assert.Contains("unknown field 'injects'", await Refused("/api/runs", """{"scenario": "facebook-2021-10-04", "injects": ["junk"]}"""));
        Assert.Contains("unknown field 'untill'", await Refused("/api/runs", """{"scenario": "facebook-2021-10-04", "untill": "5m"}"""));
        Assert.Contains("field 'seed'", await Refused("/api/runs", """{"scenario": "facebook-2021-10-04", "seed": "seven"}"""));
        Assert.Contains("until", await Refused("/api/runs", """{"scenario": "facebook-2021-10-04", "until": "-5m"}"""));
        // A session takes no until or speed (its instructor plays it): refused, not ignored.
        Assert.Contains("unknown field 'until'", await Refused("/api/sessions", """{"scenario": "facebook-2021-10-04", "until": "-5m"}"""));
        Assert.Contains("unknown field 'speed'", await Refused("/api/sessions", """{"scenario": "facebook-2021-10-04", "speed": "1000000x"}"""));
        // The same field gets the same check on both: injects are refused alike.
        Assert.Equal(await Refused("/api/sessions", """{"scenario": "facebook-2021-10-04", "seed": -1}"""),
            await Refused("/api/runs", """{"scenario": "facebook-2021-10-04", "seed": -1}"""));
        Assert.Contains("injects", await Refused("/api/sessions", """{"scenario": "facebook-2021-10-04", "injects": [""]}"""));
        var hostile = await Refused("/api/runs", """{"scenario": "facebook-2021-10-04", "<script>": 1}""");
        Assert.DoesNotContain("<script>", hostile);
        Assert.Contains("unknown field", hostile);
    }

    [Fact]
    public async Task Unknown_or_malformed_run_ids_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await web.Http.GetAsync("/api/runs/0123456789abcdef0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Http.GetAsync("/api/runs/..%2F..%2Fetc")).StatusCode);
        var control = await web.Http.PostAsJsonAsync("/api/runs/0123456789abcdef0123456789abcdef/control", new { action = "play" });
        Assert.Equal(HttpStatusCode.NotFound, control.StatusCode);
    }

    /// <summary>
    /// The API's event log is the --events file: for the same scenario and seed, the JSON Lines page equals what
    /// the CLI's writer gives for the in-memory run (which tests/BackboneSim.Cli.Tests holds equal to the CLI's own
    /// file on 1 and 3 silos), and the series rows equal the --series sampler's.
    /// </summary>
    [Fact]
    public async Task Events_since_N_and_series_match_the_cli_outputs_for_the_same_scenario_and_seed()
    {
        const long seed = 7;
        var path = RepoPaths.File("scenarios/facebook-2021-10-04.yaml");
        var (scenario, _) = ScenarioBundle.FromDisk(path, seed);
        var until = 15 * 60_000L;
        var expectedEvents = new StringWriter { NewLine = "\n" };
        var expectedSeries = new StringWriter { NewLine = "\n" };
        var factory = new SimulationFactory(scenario);
        await using (var driver = InMemoryRun.Create(factory, until))
            await driver.RunToEndAsync(new CompositeSink([
                new JsonLinesEventWriter(expectedEvents, scenario.Start),
                new SeriesSampler(expectedSeries, scenario.Start, 10_000, new RunState(factory)),
            ]), until);

        var run = await web.StartRunAsync(new { scenario = "facebook-2021-10-04", seed, until = "15m", speed = "max" });
        try
        {
            await web.WaitForAsync(run, s => s.GetProperty("state").GetString() == "ended", TimeSpan.FromMinutes(2));
            var actual = new StringBuilder();
            long since = 0;
            while (true)
            {
                var page = await web.Http.GetStringAsync($"/api/runs/{run}/events?since={since}&max=2500&format=jsonl");
                if (page.Length == 0) break;
                actual.Append(page);
                since += page.Count(c => c == '\n');
            }
            Assert.True(since > 1000, $"only {since} events in the first 15 minutes");
            Assert.Equal(expectedEvents.ToString(), actual.ToString());

            // Paging from the middle gives the same lines, as JSON objects.
            var json = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/events?since=100&max=3")).RootElement;
            Assert.Equal(100, json.GetProperty("from").GetInt64());
            Assert.Equal(101, json.GetProperty("events")[0].GetProperty("id").GetInt64());
            Assert.Equal(expectedEvents.ToString().Split('\n')[100], json.GetProperty("events")[0].GetRawText());

            // The map's state, folded on the server from the same log: every DNS server announcing before the push,
            // withdrawn at the end of the 15 minutes, with the backbone links down.
            var before = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/topology?at=500000")).RootElement;
            var after = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/topology")).RootElement;
            var dns = before.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "dns")
                .Select(n => n.GetProperty("name").GetString()!).ToList();
            Assert.Equal(scenario.Topology.DnsServers.Count, dns.Count);
            Assert.All(dns, d => Assert.Equal("announcing", before.GetProperty("states").GetProperty(d).GetString()));
            Assert.Equal(until, after.GetProperty("atMs").GetInt64());
            Assert.All(dns, d => Assert.Equal("withdrawn", after.GetProperty("states").GetProperty(d).GetString()));
            Assert.All(after.GetProperty("links").EnumerateArray(),
                l => Assert.Equal("down", after.GetProperty("states").GetProperty(l.GetProperty("name").GetString()!).GetString()));
            Assert.Equal("announcing", after.GetProperty("initial").GetProperty(dns[0]).GetString());

            var series = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/series")).RootElement;
            var csv = expectedSeries.ToString().TrimEnd('\n').Split('\n');
            var header = csv[0].Split(',');
            Assert.Equal(header.Skip(1), series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
            var rows = series.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(csv.Length - 1, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var want = csv[i + 1].Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture));
                Assert.Equal(want, rows[i].EnumerateArray().Select(v => v.GetDouble()));
            }
        }
        finally { await web.EndRunAsync(run); }
    }

    [Fact]
    public async Task Metrics_are_served_for_the_hosts_runs()
    {
        // Paused at 15:30: the engine computes a little ahead of the playhead, and the run is watched while it lives.
        var run = await web.StartRunAsync(new { scenario = "facebook-2021-10-04", until = "5m" });
        try
        {
            var (scenario, _) = ScenarioBundle.FromDisk(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"), null);
            var links = scenario.Topology.Links.Count(l => l.Kind == "backbone");
            var linksUp = new System.Text.RegularExpressions.Regex($@"(?m)^backbonesim_run_backbone_links_up\{{[^}}]*\}} {links}(\s|$)");
            var scrape = "";
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < until && !linksUp.IsMatch(scrape = await web.Http.GetStringAsync("/metrics")))
                await Task.Delay(250);
            // The run's own state before the push (every one of the FB network's backbone links up), and the engine
            // counters of this host's co-hosted silo (a paused run has run no window yet: runs started, not events).
            Assert.Matches(linksUp, scrape);
            Assert.Matches(@"(?m)^backbonesim_runs_started_total(\{[^}]*\})? [1-9]", scrape);
        }
        finally { await web.EndRunAsync(run); }
    }

    [Fact]
    public async Task Controls_validate_their_arguments()
    {
        var run = await web.StartRunAsync(new { scenario = "facebook-2021-10-04", until = "10m" });
        try
        {
            async Task<HttpStatusCode> Control(object body) => (await web.Http.PostAsJsonAsync($"/api/runs/{run}/control", body)).StatusCode;
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "explode" }));
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "speed", speed = "1000x" }));
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "seek", ms = 11 * 60_000 }));
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "seek", at = "<b>noon</b>" }));
            // Conflicting or unused fields are refused, not silently dropped (issue 14 item 10).
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "seek", ms = 60_000, at = "15:35" }));
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "play", ms = 60_000 }));
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "speed", speed = "10x", at = "15:35" }));
            Assert.Equal(HttpStatusCode.BadRequest, await Control(new { action = "seek", ms = 60_000, whence = "start" }));
            Assert.Equal(HttpStatusCode.OK, await Control(new { action = "seek", at = "15:35" }));
            var status = await web.WaitForAsync(run, s => s.GetProperty("ms").GetInt64() == 5 * 60_000, TimeSpan.FromMinutes(1));
            Assert.Equal("paused", status.GetProperty("state").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, (await web.Http.GetAsync($"/api/runs/{run}/events?since=-1")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await web.Http.GetAsync($"/api/runs/{run}/events?max=0")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await web.Http.GetAsync($"/api/runs/{run}/events?format=xml")).StatusCode);
        }
        finally { await web.EndRunAsync(run); }
    }
}
