using System.Security.Cryptography;
using System.Text;

namespace BackboneSim.Engine;

/// <summary>
/// A run's <c>--events</c> text, whole or as a SHA-256: how tests and benchmarks check that two runs (another
/// runtime, a silo killed, 20 runs at once) gave the same timeline byte for byte.
/// </summary>
public static class RunDigest
{
    /// <summary>Pull the run to <paramref name="untilMs"/> and return its events as the --events file would hold them.</summary>
    public static async Task<(string Text, RunBatch Last)> EventsTextAsync(IRunDriver driver, DateTimeOffset start, long untilMs,
        CancellationToken cancellationToken = default)
    {
        var text = new StringWriter { NewLine = "\n" };
        var last = await driver.RunToEndAsync(new JsonLinesEventWriter(text, start), untilMs, cancellationToken);
        return (text.ToString(), last);
    }

    /// <summary>Pull the run to <paramref name="untilMs"/> and return the SHA-256 of its --events text (hex).</summary>
    public static async Task<string> HashAsync(IRunDriver driver, DateTimeOffset start, long untilMs, CancellationToken cancellationToken = default)
        => Hash((await EventsTextAsync(driver, start, untilMs, cancellationToken)).Text);

    public static string Hash(string eventsText) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(eventsText)));
}
