using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackboneSim.Bench.Web;

/// <summary>What the swarm process reports: one receipt per learner, every batch's fan-out latency at every learner and
/// at the first learner it reached (which separates the host's delay from the learners' own queueing), its CPU.</summary>
public sealed record SwarmReport(IReadOnlyList<LearnerReceipt> Learners, IReadOnlyList<double> LatenciesMs, IReadOnlyList<double> FirstArrivalMs,
                                 double CpuSeconds, double ConnectSeconds, bool AllCaughtUp);

/// <summary>
/// The simulated learners, in a child process of the bench so that the host's CPU time (the bench process) is not
/// mixed with the clients'. Protocol on stdin/stdout: it joins N learners with the session's code (REST), connects
/// and joins each over SignalR, prints <c>ready</c>; then reads <c>expect COUNT</c>, waits until every learner holds
/// COUNT events (or 2 minutes) and prints one JSON <see cref="SwarmReport"/> line. Progress goes to stderr.
/// </summary>
public static class LearnerSwarm
{
    public const string Mode = "web-learners";
    private const int ConnectAtOnce = 20;

    /// <summary>Child side: <c>web-learners URL SESSION-CODE COUNT</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (url, code, count) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var learners = new List<SimulatedLearner>();
        var clock = Stopwatch.StartNew();
        var joins = new List<(string Session, string Token)>();
        for (var i = 1; i <= count; i++)
        {
            var joined = await BenchHost.ReadAsync(await http.PostAsJsonAsync("/api/sessions/join", new { code, name = $"learner {i:D3}" }), $"join learner {i}");
            joins.Add((joined.GetProperty("sessionId").GetString()!, joined.GetProperty("learnerToken").GetString()!));
        }
        foreach (var chunk in joins.Chunk(ConnectAtOnce))
        {
            var connecting = chunk.Select(async j =>
            {
                var learner = new SimulatedLearner(url);
                await learner.JoinAsync(j.Session, j.Token);
                return learner;
            }).ToList();
            learners.AddRange(await Task.WhenAll(connecting));
            if (learners.Count % 50 == 0 || learners.Count == count) Console.Error.WriteLine($"    {learners.Count}/{count} learners joined and connected");
        }
        var connectSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine("ready");

        var expectLine = await Console.In.ReadLineAsync() ?? throw new InvalidOperationException("the bench closed the learners' input");
        var expected = long.Parse(expectLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var until = DateTime.UtcNow.AddMinutes(2);
        while (learners.Any(l => l.Received < expected) && DateTime.UtcNow < until) await Task.Delay(100);
        var results = learners.Select(l => l.Result()).ToList();
        var latencies = results.SelectMany(r => r.Latencies).ToList();
        var firstArrivals = latencies.GroupBy(l => l.Batch).Select(g => g.Min(l => l.Ms)).ToList();
        var report = new SwarmReport(results.Select(r => r.Receipt).ToList(), latencies.Select(l => l.Ms).ToList(), firstArrivals,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, connectSeconds, results.All(r => r.Receipt.Received >= expected));
        Console.WriteLine(JsonSerializer.Serialize(report));
        foreach (var l in learners) await l.DisposeAsync();
        return 0;
    }
}
