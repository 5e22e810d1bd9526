using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackboneSim.Bench.Web;

/// <summary>
/// N simulated learners on one teaching session of the FB scenario: they join and connect before the instructor
/// plays (so every event must reach them over the hub), the instructor plays at 600x from 15:30 through the cascade
/// to 16:10, resuming at each checkpoint, then pauses; every learner must then hold events 1..N with the same
/// hash as the run's events endpoint. Fan-out latency is a batch's arrival minus its status's releasedAt; the
/// host's CPU time is this process's (the learners run in a child process) from play to the last delivery.
/// </summary>
public sealed record LearnerFanOut(int Learners, int JoinsPerMinute, long Events, int Complete, int Contiguous, int HashesEqual, int Checkpoints,
                                   double PhaseSeconds, double HostCpuSeconds, double LearnersCpuSeconds, double ConnectSeconds,
                                   Stats Latency, Stats FirstArrival, Stats MessagesPerLearner, Stats BytesPerLearner)
{
    public const string PlayTo = "16:10";
    private const long PlayToMs = 40 * 60_000;

    public bool EveryoneGotEverything => Complete == Learners && Contiguous == Learners && HashesEqual == Learners;

    public static async Task<LearnerFanOut> TakeAsync(BenchHost host, int learners)
    {
        Console.Error.WriteLine($"  fan-out: creating a session of {BenchHost.Facebook}, joining {learners} learners…");
        var created = await BenchHost.ReadAsync(await host.Http.PostAsJsonAsync("/api/sessions", new { scenario = BenchHost.Facebook }), "POST /api/sessions");
        var session = created.GetProperty("sessionId").GetString()!;
        var secret = created.GetProperty("instructorSecret").GetString()!;
        var run = created.GetProperty("runId").GetString()!;
        using var swarm = StartSwarm(host.Url, created.GetProperty("joinCode").GetString()!, learners);
        try
        {
            var ready = await swarm.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (ready != "ready") throw new InvalidOperationException($"the learners' process did not get ready (said '{ready}', exit {(swarm.HasExited ? swarm.ExitCode : -1)})");

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await InstructorAsync(host, session, secret, new { action = "speed", speed = "600x" });
            await InstructorAsync(host, session, secret, new { action = "play" });
            Console.Error.WriteLine($"  fan-out: instructor playing at 600x to {PlayTo}, resuming at checkpoints…");
            var checkpoints = 0;
            JsonElement final;
            while (true)
            {
                var status = await host.StatusAsync(run);
                if (status.GetProperty("ms").GetInt64() >= PlayToMs)
                {
                    final = await InstructorAsync(host, session, secret, new { action = "pause" });
                    break;
                }
                if (status.GetProperty("state").GetString() == "paused") // held at a checkpoint: the instructor resumes
                {
                    checkpoints++;
                    await InstructorAsync(host, session, secret, new { action = "play" });
                }
                await Task.Delay(200);
            }
            var events = final.GetProperty("events").GetInt64();
            Console.Error.WriteLine($"  fan-out: paused at {final.GetProperty("t").GetString()} with {events:N0} events released; waiting for every learner to hold them…");
            await swarm.StandardInput.WriteLineAsync($"expect {events}");
            await swarm.StandardInput.FlushAsync();
            var line = await swarm.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3))
                       ?? throw new InvalidOperationException("the learners' process ended without a report");
            var phase = clock.Elapsed.TotalSeconds;
            var hostCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var report = JsonSerializer.Deserialize<SwarmReport>(line)!;

            var (referenceCount, referenceHash) = await SimulatedLearner.ReferenceAsync(host.EventsAsync(run));
            if (referenceCount != events) throw new InvalidOperationException($"the events endpoint served {referenceCount} events, the status said {events}");
            return new LearnerFanOut(learners, host.JoinsPerMinute, events,
                report.Learners.Count(l => l.Received == events), report.Learners.Count(l => l.Contiguous),
                report.Learners.Count(l => l.Hash == referenceHash), checkpoints, phase, hostCpu, report.CpuSeconds, report.ConnectSeconds,
                Stats.Of(report.LatenciesMs), Stats.Of(report.FirstArrivalMs), Stats.Of(report.Learners.Select(l => (double)(l.Messages + l.SessionMessages))),
                Stats.Of(report.Learners.Select(l => (double)l.Bytes)));
        }
        finally
        {
            if (!swarm.WaitForExit(TimeSpan.FromSeconds(15))) swarm.Kill(); // it closes its 200 connections, then exits
            using var end = new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{session}");
            end.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            await host.Http.SendAsync(end);
        }
    }

    private static async Task<JsonElement> InstructorAsync(BenchHost host, string session, string secret, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/control") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await BenchHost.ReadAsync(await host.Http.SendAsync(request), "instructor control");
    }

    /// <summary>This bench program again, in the learners' mode; its stderr (progress) goes straight to the console.</summary>
    private static Process StartSwarm(string url, string code, int learners)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in new[] { typeof(LearnerSwarm).Assembly.Location, LearnerSwarm.Mode, url, code, learners.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the learners' process");
    }
}
