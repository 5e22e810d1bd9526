using System.Diagnostics;
using System.Runtime.InteropServices;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Fuzzing;

/// <summary>One fuzz case the loader got wrong: it threw something other than located errors, or gave no answer in time.</summary>
public sealed record FuzzFailure(int Case, string Seed, string Mutations, string What, byte[] Text);

/// <summary>What a fuzz run found: every case is ok, a located error, or a failure.</summary>
public sealed record FuzzReport(int Cases, int Ok, int LocatedErrors, IReadOnlyList<FuzzFailure> Failures, TimeSpan Elapsed);

/// <summary>
/// Runs the scenario loader over a fixed, seeded corpus of mutated library scenarios (<see cref="ScenarioMutator"/>),
/// each with a time bound. The library is copied to a scratch folder beside special files (links to devices, a FIFO,
/// a folder, a link loop) that mutated includes point at. Every outcome must be a loaded scenario or a
/// <see cref="ScenarioLoadException"/> whose errors all have a place and print on one line each.
/// </summary>
public static class LoaderFuzz
{
    public static FuzzReport Run(string scenariosFolder, int cases, ulong seed = 14, TimeSpan? perCase = null, Action<int, FuzzFailure?>? progress = null)
    {
        var bound = perCase ?? TimeSpan.FromSeconds(5);
        var library = Directory.GetFiles(scenariosFolder, "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var topologies = Directory.GetFiles(Path.Combine(scenariosFolder, "topologies"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        if (library.Length == 0) throw new ArgumentException($"no scenarios in {scenariosFolder}");
        var scratch = Path.Combine(Path.GetTempPath(), "bbsim-fuzz-" + Guid.NewGuid().ToString("N")[..10]);
        var watch = Stopwatch.StartNew();
        try
        {
            LayOut(scenariosFolder, scratch);
            int ok = 0, located = 0;
            var failures = new List<FuzzFailure>();
            for (var i = 0; i < cases; i++)
            {
                var caseSeed = seed * 1_000_003 + (ulong)i;
                var rng = new DeterministicRandom(caseSeed);
                // Mostly the scenario itself; sometimes one of the topology files it may include, which the case includes instead.
                var mutateTopology = rng.NextLong(0, 4) == 0;
                var source = mutateTopology ? topologies[(int)rng.NextLong(0, topologies.Length)] : library[(int)rng.NextLong(0, library.Length)];
                var bytes = ScenarioMutator.Mutate(File.ReadAllText(source), rng, out var mutations);
                var path = Path.Combine(scratch, "case.yaml");
                if (mutateTopology)
                {
                    File.WriteAllBytes(Path.Combine(scratch, "topologies", "case-topology.yaml"), bytes);
                    File.WriteAllText(path, CaseScenario);
                }
                else File.WriteAllBytes(path, bytes);
                var what = LoadOnce(path, scratch, bound);
                FuzzFailure? failure = null;
                if (what == "ok") ok++;
                else if (what == "located") located++;
                else failures.Add(failure = new FuzzFailure(i, caseSeed.ToString(), $"{Path.GetFileName(source)}: {mutations}", what, bytes));
                progress?.Invoke(i, failure);
            }
            return new FuzzReport(cases, ok, located, failures, watch.Elapsed);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>A scenario around a mutated topology file.</summary>
    private const string CaseScenario = """
        scenario: fuzz
        title: A mutated topology
        start: 2021-10-04T15:30:00Z
        duration: 1h
        topology:
          include: topologies/case-topology.yaml
        """;

    /// <summary>"ok", "located", or what went wrong.</summary>
    private static string LoadOnce(string path, string scratch, TimeSpan bound)
    {
        var load = Task.Run(() =>
        {
            try
            {
                ScenarioLoader.Load(path, new DiskScenarioFiles(scratch));
                return "ok";
            }
            catch (ScenarioLoadException ex)
            {
                if (ex.Errors.Count == 0) return "a ScenarioLoadException with no errors";
                foreach (var e in ex.Errors)
                    if (string.IsNullOrEmpty(e.Location.File) || e.Location.Line < 1 || e.Location.Column < 1)
                        return $"an error without a place: {e}";
                foreach (var line in ex.Lines())
                    if (line.Any(c => char.IsControl(c)))
                        return $"an error line with a raw control character: {EscapedText.Escape(line)}";
                return "located";
            }
            catch (Exception ex)
            {
                return $"{ex.GetType().Name}: {EscapedText.Escape(ex.Message)}\n{ex.StackTrace}";
            }
        });
        return load.Wait(bound) ? load.Result : $"no answer in {bound.TotalSeconds:0.#} s";
    }

    /// <summary>The library and its topologies, plus the special files mutated includes name.</summary>
    private static void LayOut(string from, string scratch)
    {
        Directory.CreateDirectory(Path.Combine(scratch, "topologies"));
        foreach (var f in Directory.GetFiles(from, "*.yaml")) File.Copy(f, Path.Combine(scratch, Path.GetFileName(f)));
        foreach (var f in Directory.GetFiles(Path.Combine(from, "topologies"), "*.yaml")) File.Copy(f, Path.Combine(scratch, "topologies", Path.GetFileName(f)));
        var special = Path.Combine(scratch, "special");
        Directory.CreateDirectory(Path.Combine(special, "folder.yaml"));
        if (OperatingSystem.IsWindows()) return;
        File.CreateSymbolicLink(Path.Combine(special, "zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(special, "urandom.yaml"), "/dev/urandom");
        File.CreateSymbolicLink(Path.Combine(special, "loop.yaml"), Path.Combine(special, "loop.yaml"));
        File.CreateSymbolicLink(Path.Combine(special, "dangling.yaml"), Path.Combine(special, "nothing-here"));
        if (MakeFifo(Path.Combine(special, "fifo.yaml"), 0b110_100_100) != 0)
            throw new IOException("cannot make the FIFO the fuzz cases include: mkfifo failed with errno " + Marshal.GetLastPInvokeError());
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
