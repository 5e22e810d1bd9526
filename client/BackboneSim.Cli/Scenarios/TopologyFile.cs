using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Cli.Scenarios;

/// <summary>
/// `validate` on a topology file (scenarios/topologies/*.yaml, the target of a scenario's <c>topology: include:</c>):
/// recognised by a top-level <c>generator:</c> and no <c>scenario:</c>, and checked as a scenario that includes it
/// would check it, so every error is located in the topology file itself.
/// </summary>
public static class TopologyFile
{
    /// <summary>
    /// Whether the file is a topology rather than a scenario, from its top-level keys read as text (no YAML parse: the
    /// loader's guards against alias bombs apply to what is parsed). Unreadable or odd files are left to the loader.
    /// </summary>
    public static bool Is(string path)
    {
        // Looked into as the loader reads: only a regular file (a FIFO would block, a link to /dev/zero never end),
        // and never more than the loader's limit. Anything else is the loader's to refuse, with its message.
        var full = Path.GetFullPath(path);
        if (!new DiskScenarioFiles().IsRegularFile(full)) return false;
        try
        {
            var keys = BoundedRead.Text(full, YamlReader.MaxFileBytes).Split('\n')
                .Where(l => l.Length > 0 && char.IsAsciiLetter(l[0]) && l.Contains(':'))
                .Select(l => l[..l.IndexOf(':')].Trim()).ToHashSet(StringComparer.Ordinal);
            return keys.Contains("generator") && !keys.Contains("scenario");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Loads the topology through the scenario loader's own include reading; throws <see cref="ScenarioLoadException"/>.</summary>
    public static NetworkTopology Load(string path)
    {
        var full = Path.GetFullPath(path);
        var wrapper = Path.Combine(Path.GetDirectoryName(full)!, $".validate-{Guid.NewGuid():N}.yaml");
        var text = $"""
            scenario: topology-check
            title: topology check
            start: 2000-01-01T00:00:00Z
            duration: 1h
            topology: {"{"} include: '{Path.GetFileName(full).Replace("'", "''")}' {"}"}
            """;
        return ScenarioLoader.Load(wrapper, new WithMain(wrapper, text)).Topology;
    }

    /// <summary>The disk, plus one in-memory main file that includes the topology.</summary>
    private sealed class WithMain(string mainPath, string mainText) : IScenarioFiles
    {
        private readonly DiskScenarioFiles _disk = new();
        public bool Exists(string fullPath) => fullPath == mainPath || _disk.Exists(fullPath);
        public long Length(string fullPath) => fullPath == mainPath ? mainText.Length : _disk.Length(fullPath);
        public string ReadAllText(string fullPath) => fullPath == mainPath ? mainText : _disk.ReadAllText(fullPath);
        public string DisplayName(string fullPath) => fullPath == mainPath ? "(topology check)" : _disk.DisplayName(fullPath);
    }
}
