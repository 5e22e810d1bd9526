using System.Globalization;
using System.Text;

namespace BackboneSim.Bench.Web;

/// <summary>The `bench web` results as Markdown: what was measured, how, and against which goal.</summary>
public static class WebReport
{
    public static string Build(string date, string loadAtStart, string loadAtEnd, int repeats, IReadOnlyList<FirstDrawMeasurement> draws,
                               PaintLatency? paint, LearnerFanOut? fanOut)
    {
        var r = new StringBuilder();
        r.AppendLine($"# Web client benchmark {date}").AppendLine();
        r.AppendLine(Inv($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average {loadAtStart} at the start, {loadAtEnd} at the end. "))
         .AppendLine("Web host in the bench process (Release build, co-hosted silo, Kestrel on 127.0.0.1), headless Debian Chromium through Playwright for .NET; the simulated learners in a child process.")
         .AppendLine();

        r.AppendLine("## First draw (goal: 5,000 nodes ≤ 2 s)").AppendLine();
        r.AppendLine(Inv($"Each visit: a fresh browser context opens `/#run=ID` of a paused run (the 5,000-node run at its capacity check, 15:39; the FB run at 16:00, after its cascade); from navigation until the page marks its first draw in the run's state (`body[data-first-draw-ms]`, ms since navigation: app loaded, topology fetched, every released event fetched and folded, map, DNS grid, log and chart drawn). Median (range) of {repeats} visits."))
         .AppendLine();
        r.AppendLine("| topology | nodes (topology view) | backbone links drawn | events folded | topology JSON | navigation → drawn | app loaded (DOMContentLoaded) | topology fetch | topology → events loaded (views built, hub joined, events fetched) | after the last fetch (fold + draw) | wall (Playwright `goto` → marker seen) |");
        r.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var d in draws)
        {
            var bytes = d.Visits.Count > 0 ? d.Visits[0].TopologyBytes / 1024.0 : 0;
            r.AppendLine(Inv($"| {d.Scenario} | {d.Nodes:N0} | {d.Links:N0} | {d.Events:N0} | {bytes:N0} KiB | {d.Drawn.MedianAndRange} | {d.AppReady.Ms(d.AppReady.Median)} | {d.TopologyFetch.Ms(d.TopologyFetch.Median)} | {d.EventsLoaded.Ms(d.EventsLoaded.Median)} | {d.AfterLastFetch.Ms(d.AfterLastFetch.Median)} | {d.Wall.MedianAndRange} |"));
        }
        r.AppendLine();
        r.AppendLine("Then, in the same visit, the **Graph** tab is clicked: the graph view of every node and backbone link (sigma.js on WebGL, SwiftShader in headless Chromium) marks its first draw in `#graph[data-first-draw-ms]` (graph and geographic layout built from the topology, renderer started, first frame).").AppendLine();
        r.AppendLine("| topology | graph nodes | graph first draw (in page) | click → drawn (wall) |").AppendLine("|---|---|---|---|");
        foreach (var d in draws)
            r.AppendLine(Inv($"| {d.Scenario} | {(d.Visits.Count > 0 ? d.Visits[0].GraphNodes : 0):N0} | {d.GraphDrawn.MedianAndRange} | {d.GraphWall.MedianAndRange} |"));
        r.AppendLine();
        foreach (var d in draws)
            r.AppendLine(Inv($"- {d.Scenario}: `POST /api/runs` (expanding the scenario, starting the run's grains) {d.StartSeconds:F1} s; the engine computed to the seek target in {d.SeekSeconds:F1} s more."));
        r.AppendLine();

        if (paint is not null)
        {
            var l = paint.Latency;
            r.AppendLine("## Engine event to browser paint at 1x (goal ≤ 250 ms)").AppendLine();
            r.AppendLine(Inv($"The FB run seeked to 15:38:58 and played at 1x for {paint.FollowedSeconds:F0} s of wall time through the capacity check (15:39) and the withdrawals; {paint.EventsReleased:N0} events released. Per frame that drew new events: wall time from the server's release (status `releasedAt`) to that frame (`window.backboneSimLatency`)."))
             .AppendLine();
            r.AppendLine("| frames | median | p95 | max |").AppendLine("|---|---|---|---|");
            r.AppendLine($"| {l.Count:N0} | {l.Ms(l.Median)} | {l.Ms(l.P95)} | {l.Ms(l.Max)} |").AppendLine();
        }

        if (fanOut is not null)
        {
            var f = fanOut;
            r.AppendLine(Inv($"## {f.Learners} learners on one session")).AppendLine();
            r.AppendLine(Inv($"A session of the FB scenario; {f.Learners} learners join (REST) and connect to `/hubs/runs` with `JoinSession` as the page does (SignalR .NET client, JSON protocol) before the instructor plays at 600x from 15:30 to {LearnerFanOut.PlayTo}, resuming at {f.Checkpoints} checkpoint stops, then pauses. The host ran with `--{RatePolicies()}={f.JoinsPerMinute}` (default 60 joins a minute per address), as every learner comes from 127.0.0.1. Fan-out latency: a batch's arrival at a learner minus its status's `releasedAt`. Host CPU: the bench process (host and co-hosted silo; the learners run in a child process) from play to the last delivery."))
             .AppendLine();
            r.AppendLine("| learners | events | got all | ids 1..N contiguous | hash = events endpoint | fan-out median | p95 | max | messages per learner | MiB per learner | phase | host CPU | learners' CPU |");
            r.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            r.AppendLine(Inv($"| {f.Learners} | {f.Events:N0} | {f.Complete} | {f.Contiguous} | {f.HashesEqual} | {f.Latency.Ms(f.Latency.Median)} | {f.Latency.Ms(f.Latency.P95)} | {f.Latency.Ms(f.Latency.Max)} | {f.MessagesPerLearner.Median:N0} | {f.BytesPerLearner.Median / 1048576:F1} | {f.PhaseSeconds:F1} s | {f.HostCpuSeconds:F1} s | {f.LearnersCpuSeconds:F1} s |"));
            r.AppendLine().AppendLine(Inv($"Each batch at the first learner it reached ({f.FirstArrival.Count:N0} batches): median {f.FirstArrival.Ms(f.FirstArrival.Median)}, p95 {f.FirstArrival.Ms(f.FirstArrival.P95)}, max {f.FirstArrival.Ms(f.FirstArrival.Max)}; the gap to the figures above is the time the host takes to write a batch to every connection plus the learners' process working through its queue (the {f.Learners} clients share one process and the machine's 2 cores). "));
            r.AppendLine(Inv($"Joining and connecting the {f.Learners} learners took {f.ConnectSeconds:F1} s. MiB per learner: the JSON text of the messages' arguments (batches and session views), without SignalR framing."));
        }
        return r.ToString();
    }

    private static string RatePolicies() => BackboneSim.Web.Hosting.RatePolicies.JoinsPerMinuteKey;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
