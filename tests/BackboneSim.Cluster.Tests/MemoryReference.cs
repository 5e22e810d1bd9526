namespace BackboneSim.Cluster.Tests;

/// <summary>
/// The in-memory run's event log of the FB scenario up to <see cref="Until"/>, the reference every cluster run is
/// compared with; computed once per test process (it is deterministic) and removed when the process ends.
/// </summary>
public static class MemoryReference
{
    public const string Facebook = "scenarios/facebook-2021-10-04.yaml";
    /// <summary>Past the outage, the responders' arrival and the first restores; keeps each cluster run near a minute on two busy cores.</summary>
    public const string Until = "3h";

    private static readonly string Dir = Directory.CreateTempSubdirectory("backbonesim-reference-").FullName;
    private static readonly Lazy<Task<string>> Events = new(ComputeAsync);

    static MemoryReference() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    };

    /// <summary>The path of the reference --events file.</summary>
    public static Task<string> EventsAsync() => Events.Value;

    private static async Task<string> ComputeAsync()
    {
        var path = Path.Combine(Dir, "memory.jsonl");
        var r = await Programs.RunCliAsync(["run", Facebook, "--runtime", "memory", "--until", Until, "--events", path, "-q"]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"the in-memory reference run failed ({r.ExitCode}):\n{r.Output}");
        return path;
    }
}
