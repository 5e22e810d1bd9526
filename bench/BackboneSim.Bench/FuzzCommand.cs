using System.Globalization;
using BackboneSim.Scenarios.Fuzzing;

namespace BackboneSim.Bench;

/// <summary>
/// <c>bench fuzz [--cases N] [--seed S] [--save DIR]</c>: the scenario loader over N mutated library scenarios
/// (<see cref="LoaderFuzz"/>, the corpus the Model tests run a short budget of), 5 s bound each. Prints the counts and
/// each failure; with --save, writes each failing case's file to DIR. Exit 1 when any case failed.
/// </summary>
public static class FuzzCommand
{
    public static int Run(string[] args)
    {
        var cases = 10_000;
        ulong seed = 14;
        string? save = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--cases" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0: cases = n; i++; break;
                case "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s): seed = s; i++; break;
                case "--save" when value is not null: save = value; i++; break;
                default:
                    Console.Error.WriteLine("bench fuzz: usage: fuzz [--cases N (default 10000)] [--seed S (default 14)] [--save DIR]; run from the repository root");
                    return 2;
            }
        }
        if (!Directory.Exists("scenarios")) { Console.Error.WriteLine("bench fuzz: no scenarios/ folder (run from the repository root)"); return 2; }
        var report = LoaderFuzz.Run("scenarios", cases, seed, progress: (i, failure) =>
        {
            if (failure is not null) Console.Error.WriteLine($"case {failure.Case} (seed {failure.Seed}) {failure.Mutations}\n  {failure.What}\n");
            if ((i + 1) % 1000 == 0) Console.Error.WriteLine($"bench fuzz: {i + 1:N0} of {cases:N0} cases");
        });
        if (save is not null && report.Failures.Count > 0)
        {
            Directory.CreateDirectory(save);
            foreach (var f in report.Failures) File.WriteAllBytes(Path.Combine(save, $"case-{f.Case}-seed-{f.Seed}.yaml"), f.Text);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Cases:N0} cases (seed {seed}) in {report.Elapsed.TotalSeconds:F1} s: {report.Ok:N0} ok, {report.LocatedErrors:N0} located errors, {report.Failures.Count:N0} failures"));
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
