namespace BackboneSim.Bench;

/// <summary>Where every bench mode keeps its report: bench/results, one file per run, never overwritten.</summary>
public static class ResultsFile
{
    /// <summary>
    /// Writes <paramref name="report"/> to bench/results/NAME.md, or NAME-2.md, NAME-3.md… when a run on the same day
    /// already wrote one, says where on stderr, and returns the path.
    /// </summary>
    public static string Write(string name, string report)
    {
        Directory.CreateDirectory("bench/results");
        var path = Path.Combine("bench/results", $"{name}.md");
        for (var n = 2; File.Exists(path); n++) path = Path.Combine("bench/results", $"{name}-{n}.md");
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"written to {path}");
        return path;
    }
}
