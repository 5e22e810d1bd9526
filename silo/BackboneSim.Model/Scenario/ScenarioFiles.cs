
namespace BackboneSim.Model.Scenario;

/// <summary>Where the loader reads scenario and topology files from: the disk, or a bundle shipped to a silo.</summary>
public interface IScenarioFiles
{
    bool Exists(string fullPath);
    /// <summary>False for what is not a plain file after following links (a FIFO, a device): it must not be opened.</summary>
    bool IsRegularFile(string fullPath) => true;
    long Length(string fullPath);
    /// <summary>The file's text; at most <see cref="YamlReader.MaxFileBytes"/> bytes are read, whatever the file claims.</summary>
    string ReadAllText(string fullPath);
    /// <summary>The name used in errors and events for a file (fixed by the client, so silos print the same).</summary>
    string DisplayName(string fullPath);
}

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

/// <summary>A scenario and the files it includes, as text: what a client sends to the cluster to start a run.</summary>
[GenerateSerializer, Immutable]
public sealed class ScenarioBundle : IScenarioFiles
{
    [Id(0)] public string MainPath { get; init; } = "";
    [Id(1)] public Dictionary<string, string> Texts { get; init; } = new();
    [Id(2)] public Dictionary<string, string> DisplayNames { get; init; } = new();
    /// <summary>Overrides the scenario's seed (the CLI's --seed), or null.</summary>
    [Id(3)] public long? Seed { get; init; }
    /// <summary>Hidden injects to fire ("NAME" or "NAME@TIME"), as the CLI's --inject.</summary>
    [Id(4)] public string[] Injects { get; init; } = [];
    /// <summary>What-ifs applied after the injects, in order (a fork of a fork carries both).</summary>
    [Id(5)] public WhatIf[] WhatIfs { get; init; } = [];

    public bool Exists(string fullPath) => Texts.ContainsKey(fullPath);
    public long Length(string fullPath) => Texts[fullPath].Length;
    public string ReadAllText(string fullPath) => Texts[fullPath];
    public string DisplayName(string fullPath) => DisplayNames.GetValueOrDefault(fullPath, fullPath);

    /// <summary>
    /// Read a scenario from disk (validating it) and package it with its includes. Bad <paramref name="injects"/>
    /// throw an <see cref="ArgumentException"/> saying which; a bad what-if a <see cref="ScenarioLoadException"/>
    /// located in the what-if's text.
    /// </summary>
    public static (ScenarioDefinition Scenario, ScenarioBundle Bundle) FromDisk(string path, long? seed, IReadOnlyList<string>? injects = null,
        IReadOnlyList<WhatIf>? whatIfs = null)
    {
        var files = new DiskScenarioFiles();
        var scenario = ScenarioLoader.Load(path, files);
        if (seed is { } s) scenario = scenario.WithSeed(s);
        scenario = InjectFiring.Fire(scenario, injects ?? []);
        scenario = WhatIf.ApplyAll(scenario, whatIfs ?? []);
        return (scenario, files.ToBundle(path, seed, injects, whatIfs));
    }

    /// <summary>Load the scenario this bundle carries; the same definition the client loaded.</summary>
    public ScenarioDefinition Load()
    {
        var scenario = ScenarioLoader.Load(MainPath, this);
        if (Seed is { } s) scenario = scenario.WithSeed(s);
        return WhatIf.ApplyAll(InjectFiring.Fire(scenario, Injects), WhatIfs);
    }
}

/// <summary>A what-if as shipped with a bundle: the user's YAML and the instant it forks at (ms from the start).</summary>
[GenerateSerializer, Immutable]
public sealed class WhatIf
{
    [Id(0)] public string Yaml { get; init; } = "";
    [Id(1)] public long ForkMs { get; init; }

    public static ScenarioDefinition ApplyAll(ScenarioDefinition scenario, IReadOnlyList<WhatIf> whatIfs)
        => whatIfs.Aggregate(scenario, (s, w) => WhatIfReader.Apply(s, w.Yaml, w.ForkMs));
}
