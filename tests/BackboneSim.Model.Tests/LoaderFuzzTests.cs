using BackboneSim.Scenarios.Fuzzing;
using BackboneSim.Tests.Shared;
using Xunit.Abstractions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The loader over a fixed, seeded corpus of mutated library scenarios (issue 14): every case loads or is refused with
/// located errors, each within 5 s. CI runs this short budget; <c>bench fuzz --cases N</c> runs a long one.
/// </summary>
public class LoaderFuzzTests(ITestOutputHelper output)
{
    public const int Cases = 300;

    [Fact]
    public void Mutated_library_scenarios_load_or_give_located_errors()
    {
        var report = LoaderFuzz.Run(Path.Combine(RepoPaths.Root, "scenarios"), Cases);
        output.WriteLine($"{report.Cases} cases in {report.Elapsed.TotalSeconds:F1} s: {report.Ok} ok, {report.LocatedErrors} located errors, {report.Failures.Count} failures");
        foreach (var f in report.Failures)
            output.WriteLine($"case {f.Case} (seed {f.Seed}) {f.Mutations}\n  {f.What}\n");
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Select(f => $"case {f.Case} (seed {f.Seed}) {f.Mutations}: {f.What.Split('\n')[0]}")));
        Assert.Equal(Cases, report.Ok + report.LocatedErrors);
        Assert.True(report.LocatedErrors > report.Cases / 2, "most mutations should be refused: the corpus is not mutating");
    }

    [Fact]
    public void The_corpus_is_fixed_by_its_seed()
    {
        var a = ScenarioMutator.Mutate("a: 1\nb: [x, y]\ninclude: t.yaml\n", new Engine.DeterministicRandom(7), out var da);
        var b = ScenarioMutator.Mutate("a: 1\nb: [x, y]\ninclude: t.yaml\n", new Engine.DeterministicRandom(7), out var db);
        Assert.Equal(a, b);
        Assert.Equal(da, db);
    }
}
