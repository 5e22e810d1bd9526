using System.Diagnostics;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>Runs the system programs the harness drives (ip, vtysh, ping), argument by argument, never through a shell.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new Result(p.ExitCode, await output, await error);
    }

    public static Result Run(string file, params string[] args) => RunAsync(file, args).GetAwaiter().GetResult();

    /// <summary>Runs it and throws with its error output when it fails.</summary>
    public static async Task<string> MustAsync(string file, params string[] args)
    {
        var r = await RunAsync(file, args);
        if (!r.Ok) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({r.ExitCode}): {r.Error.Trim()}{r.Output.Trim()}");
        return r.Output;
    }

    public static string Must(string file, params string[] args) => MustAsync(file, args).GetAwaiter().GetResult();

    /// <summary>Whether a program is on the PATH (or at an absolute path).</summary>
    public static bool Exists(string program) =>
        program.StartsWith('/') ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    /// <summary>Wall-clock milliseconds (Unix epoch, UTC): the one clock both the harness and the daemons' logs are read on.</summary>
    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
