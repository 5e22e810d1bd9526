using BackboneSim.Model.Scenario;

namespace BackboneSim.Scenarios;

/// <summary>Reads from disk and remembers every file it read, so the set can be shipped as a <see cref="ScenarioBundle"/>.</summary>
/// <param name="displayRoot">Files are named relative to this folder (default: the current directory).</param>
public sealed class DiskScenarioFiles(string? displayRoot = null) : IScenarioFiles
{
    private readonly SortedDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _names = new(StringComparer.Ordinal);

    // A folder exists too, so that it is reported as "not a regular file" rather than "file not found".
    public bool Exists(string fullPath) => File.Exists(fullPath) || Directory.Exists(fullPath);
    // Where the type cannot be asked (statx missing or refused), a file that reports no bytes is not opened: FIFOs and
    // devices report 0, and an empty scenario file would be an error anyway.
    public bool IsRegularFile(string fullPath) => !Directory.Exists(fullPath) && (FileKind.IsRegularFile(fullPath) ?? new FileInfo(fullPath).Length > 0);
    public long Length(string fullPath) => IsRegularFile(fullPath) ? new FileInfo(fullPath).Length : 0;

    public string ReadAllText(string fullPath)
    {
        var text = BoundedRead.Text(fullPath, YamlReader.MaxFileBytes);
        _texts[fullPath] = text;
        _names[fullPath] = DisplayName(fullPath);
        return text;
    }

    public string DisplayName(string fullPath)
    {
        var rel = Path.GetRelativePath(displayRoot ?? Environment.CurrentDirectory, fullPath);
        return rel.StartsWith("..", StringComparison.Ordinal) ? fullPath : rel;
    }

    public ScenarioBundle ToBundle(string mainPath, long? seed, IReadOnlyList<string>? injects = null, IReadOnlyList<WhatIf>? whatIfs = null) => new()
    {
        MainPath = Path.GetFullPath(mainPath), Texts = new Dictionary<string, string>(_texts),
        DisplayNames = new Dictionary<string, string>(_names), Seed = seed, Injects = [.. injects ?? []], WhatIfs = [.. whatIfs ?? []],
    };
}
