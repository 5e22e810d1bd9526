using System.Text.RegularExpressions;

namespace BackboneSim.Cli.Tests;

/// <summary>Reads what docs/outputs.md promises about root events, so tests can hold the program to it.</summary>
public static class OutputsDoc
{
    public static string Text => File.ReadAllText(Path.Combine(Cli.RepoRoot, "docs", "outputs.md"));

    /// <summary>The "Root events" section, up to the next heading.</summary>
    public static string RootEventsSection
    {
        get
        {
            var text = Text;
            var start = text.IndexOf("### Root events", StringComparison.Ordinal);
            Assert.True(start >= 0, "docs/outputs.md has no 'Root events' section");
            var end = text.IndexOf("\n### ", start + 4, StringComparison.Ordinal);
            return end < 0 ? text[start..] : text[start..end];
        }
    }

    /// <summary>The event kinds named in the first column of the section's table.</summary>
    public static IReadOnlySet<string> RootKinds() =>
        RootEventsSection.Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Regex.Matches(l.Split('|')[1], "`([a-z_.]+)`").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The section's fenced example blocks, each as its lines.</summary>
    public static IReadOnlyList<string[]> Examples() =>
        Regex.Matches(RootEventsSection, "```\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value.TrimEnd('\n').Split('\n'))
            .ToList();

    /// <summary>The kinds of the events in a --events file whose cause is null.</summary>
    public static IReadOnlySet<string> RootKindsIn(string eventsPath) =>
        File.ReadLines(eventsPath)
            .Where(l => l.Contains("\"cause\":null,", StringComparison.Ordinal))
            .Select(l => Regex.Match(l, "\"kind\":\"([^\"]+)\"").Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
}
