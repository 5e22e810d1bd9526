namespace BackboneSim.Cluster.Tests;

/// <summary>The two built programs this project's output folder holds (through its reference to the CLI).</summary>
public static class Programs
{
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "backbonesim.dll");
    public static string Silo => Path.Combine(AppContext.BaseDirectory, "BackboneSim.Silo.dll");

    public sealed record Result(int ExitCode, string Output, TimeSpan Wall);

    /// <summary>Runs <c>backbonesim ARGS</c> to its end (at most <paramref name="timeout"/>, default 3 minutes).</summary>
    public static async Task<Result> RunCliAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var cli = ChildProcess.StartDotnet("backbonesim", Cli, args);
        var exit = await cli.WaitForExitAsync(timeout ?? TimeSpan.FromMinutes(3));
        return new Result(exit, cli.Output, clock.Elapsed);
    }
}
