namespace BackboneSim.Model.Scenario;

/// <summary>Where the loader reads scenario and topology files from: the disk, or a bundle shipped to a silo.</summary>
public interface IScenarioFiles
{
    bool Exists(string fullPath);
    /// <summary>False for what is not a plain file after following links (a FIFO, a device): it must not be opened.</summary>
    bool IsRegularFile(string fullPath) => true;
    long Length(string fullPath);
    /// <summary>The file's text; at most the scenario language's file limit in bytes are read, whatever the file claims.</summary>
    string ReadAllText(string fullPath);
    /// <summary>The name used in errors and events for a file (fixed by the client, so silos print the same).</summary>
    string DisplayName(string fullPath);
}

/// <summary>
/// A scenario and the files it includes, as text: what a client sends to the cluster to start a run. The scenario
/// language packs and loads it (BackboneSim.Scenarios: DiskScenarioFiles, BundleLoading).
/// </summary>
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
}

/// <summary>A what-if as shipped with a bundle: the user's YAML and the instant it forks at (ms from the start).</summary>
[GenerateSerializer, Immutable]
public sealed class WhatIf
{
    [Id(0)] public string Yaml { get; init; } = "";
    [Id(1)] public long ForkMs { get; init; }
}
