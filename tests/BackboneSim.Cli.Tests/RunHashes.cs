using System.Security.Cryptography;

namespace BackboneSim.Cli.Tests;

/// <summary>
/// The SHA-256 of each library scenario's --events and --series output (in memory, its own seed), recorded in
/// RunHashes.txt. A refactor must leave every hash as it is; a change that is meant to move output (a model fix)
/// updates the file in a commit of its own that says why. A mismatch prints the line to put in the file.
/// </summary>
public static class RunHashes
{
    private static readonly string FixturePath = Path.Combine(Cli.RepoRoot, "tests", "BackboneSim.Cli.Tests", "RunHashes.txt");

    public static void AssertUnchanged(string scenario, string eventsPath, string seriesPath)
    {
        var actual = $"{scenario} events {Sha256(eventsPath)} series {Sha256(seriesPath)}";
        var recorded = File.ReadLines(FixturePath).FirstOrDefault(l => l.StartsWith(scenario + " ", StringComparison.Ordinal));
        Assert.True(recorded == actual,
            recorded is null
                ? $"{scenario} has no line in {FixturePath}; its line is:\n{actual}"
                : $"{scenario}'s output changed. Recorded:\n{recorded}\nnow:\n{actual}\n" +
                  "If the change is meant (a model change, not a refactor), update the file in a commit that says why.");
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
