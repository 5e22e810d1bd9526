using System.Globalization;
using System.Text;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// `bench groundtruth`: holds the simulator to real routing daemons (issue 17). For each configuration it runs FRR
/// (zebra, ospfd, bgpd), nsd and Unbound in network namespaces on this machine on an eleven-router topology, plays
/// the same events (the data center's links cut and restored, or a flap), writes the same topology and timeline as a
/// scenario, runs the simulator on it, and prints figure | real daemons | simulator | difference. Needs root and
/// Debian's frr, nsd and unbound; says so and exits 2 when namespaces or the daemons are unavailable. Not run by CI.
/// </summary>
public static class GroundTruthCommand
{
    private const string Usage = """
        usage: bench groundtruth [--configs NAME,...] [--ttl SECONDS] [--sim-only] [--keep] [--work DIR]
          Runs real FRR/nsd/Unbound in network namespaces (root; loopback and veth only) and the simulator on the
          same topology and events, and writes bench/results/groundtruth-<date>.md.
          --configs   which comparisons, default all: mrai0-fall3, mrai30-fall3, mrai0-fall1-flap, mrai30-fall1-flap
                      (each takes 2-5 minutes of real time)
          --ttl       the address record's TTL in seconds, default 30
          --sim-only  only write the scenarios and run the simulator (no namespaces, no daemons)
          --keep      leave the namespaces (gt-*) and logs of the last configuration for debugging
          --work DIR  where configurations, logs and scenarios go, default /tmp/backbonesim-groundtruth
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var configs = GtConfig.All.ToList();
        var (ttl, simOnly, keep, work) = (30, false, false, "/tmp/backbonesim-groundtruth");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help") { Console.WriteLine(Usage); return 0; }
            if (args[i] == "--configs" && i + 1 < args.Length)
            {
                var names = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = names.Where(n => GtConfig.All.All(c => c.Name != n)).ToList();
                if (unknown.Count > 0) { Console.Error.WriteLine($"bench groundtruth: unknown configuration {string.Join(", ", unknown)}\n{Usage}"); return 2; }
                configs = GtConfig.All.Where(c => names.Contains(c.Name)).ToList();
            }
            else if (args[i] == "--ttl" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var t) && t is >= 5 and <= 300) ttl = t;
            else if (args[i] == "--sim-only") simOnly = true;
            else if (args[i] == "--keep") keep = true;
            else if (args[i] == "--work" && i + 1 < args.Length) work = Path.GetFullPath(args[++i]);
            else { Console.Error.WriteLine($"bench groundtruth: unknown or bad option {args[i]}\n{Usage}"); return 2; }
        }
        configs = configs.Select(c => c with { TtlSeconds = ttl }).ToList();

        if (!simOnly)
        {
            var why = Namespaces.WhyUnavailable() ?? Daemons.WhyUnavailable();
            if (why is not null)
            {
                Console.Error.WriteLine($"bench groundtruth: cannot run the real daemons here: {why}. (--sim-only runs the simulator's side alone.)");
                return 2;
            }
        }

        // Ctrl-C or SIGTERM: stop the run; the finally blocks kill the daemons and delete the namespaces.
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var sides = new List<Report.Side>();
        try
        {
            foreach (var c in configs)
            {
                Console.Error.WriteLine($"groundtruth {c.Name}: {c.Describe()}");
                var dir = Path.Combine(work, c.Name);
                Directory.CreateDirectory(work);
                var scenarioPath = Path.Combine(work, $"groundtruth-{c.Name}.yaml");
                File.WriteAllText(scenarioPath, ScenarioWriter.Write(c));
                var (simObs, _) = await SimRun.RunAsync(scenarioPath, c);
                Console.Error.WriteLine($"  simulator: ran {scenarioPath}");
                var notes = new List<string>(simObs.Notes);
                List<Figure> real;
                if (simOnly) real = Figures.Compute(new Observations(), c).Select(f => f with { Value = null }).ToList();
                else
                {
                    var realObs = await RealRun.RunAsync(c, dir, keep && c == configs[^1], m => Console.Error.WriteLine(m), stop.Token);
                    notes.AddRange(realObs.Notes);
                    real = Figures.Compute(realObs, c);
                }
                sides.Add(new Report.Side(c, real, Figures.Compute(simObs, c), notes));
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("bench groundtruth: interrupted; daemons stopped and namespaces removed");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = new StringBuilder()
            .AppendLine($"# Ground truth {date}: {GitCommit.Of(Directory.GetCurrentDirectory())}")
            .AppendLine()
            .AppendLine(Preamble(simOnly))
            .AppendLine();
        var (within, compared) = (0, 0);
        foreach (var s in sides)
        {
            var (table, w, n) = Report.Table(s);
            (within, compared) = (within + w, compared + n);
            report.AppendLine($"## {s.Config.Name}").AppendLine().AppendLine(s.Config.Describe() + ".").AppendLine().Append(table).AppendLine();
        }
        var effects = Report.Effects(sides);
        if (effects.Length > 0) report.AppendLine("## Effects across configurations").AppendLine().Append(effects).AppendLine();
        if (!simOnly) report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{within} of {compared} figures within ±50 % or ±1 s."));
        report.AppendLine().AppendLine("Parameters set on the simulator's side to what the real side runs:").AppendLine();
        foreach (var (key, value, why) in ScenarioWriter.Parameters(configs[0])) report.AppendLine($"- `{key}: {value}`: {why}");
        var text = report.ToString();
        Console.WriteLine(text);
        if (!simOnly) ResultsFile.Write($"groundtruth-{date}", text);
        return 0;
    }

    private static string Preamble(bool simOnly) => (simOnly ? "**--sim-only: no real daemons were run.** " : "") +
        $"Real side: FRR {Version("/usr/lib/frr/zebra", "--version")} (zebra, ospfd, bgpd), nsd and Unbound from Debian's packages, " +
        "one network namespace per router, veth links (loopback and veth only). Eleven routers: an OSPF ring of four backbone " +
        "routers, a data center (one border router with a link to each of two ring routers), two edge PoPs each with an nsd on the " +
        "anycast DNS address and a health check (the harness pings the data center's border router every 10 s from the PoP and " +
        "removes/adds the PoP's `network` statement for the DNS prefix after fall/rise results in a row), four external ASes " +
        "(AS65001 and AS65002 sell transit to one PoP each; they and AS65004 are customers of the tier-1 AS65003; Gao-Rexford " +
        "policies as route-maps) and Unbound in AS65004, asked for www.example.com every 200 ms. Timings: FRR's logs at 1 ms " +
        "(`log timestamp precision 3`, `debug bgp updates`, `log-adjacency-changes detail`), the harness's clock for cuts and " +
        "verdicts, the probe's clock for answers (200 ms apart). The real run is aligned to the simulator's random draws: the " +
        "health checks run at the phases the simulator draws for the DNS servers, the resolver's cache is filled at the phase it " +
        "draws for the resolver cohort. Simulator: the same topology and timeline as an `explicit` scenario (written beside the " +
        "logs), in memory, seed 1, lookahead 1 ms.";

    private static string Version(string program, string flag)
    {
        if (!File.Exists(program)) return "(not installed)";
        var r = Shell.Run(program, flag);
        var line = (r.Output + r.Error).Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.OrdinalIgnoreCase)) ?? "";
        return line.Split(' ').LastOrDefault(w => w.Length > 0 && char.IsDigit(w[0]))?.Trim() ?? "?";
    }
}
