namespace BackboneSim.Web.Scenarios;

/// <summary>One scenario of the library as the picker shows it.</summary>
public sealed record ScenarioEntry(string Name, string Title, string File);

/// <summary>
/// The scenario files a browser may start: the top-level *.yaml of one folder, known by their file name without
/// extension. Browsers name a scenario, never a path, so nothing outside the folder can be loaded.
/// </summary>
public sealed class ScenarioLibrary(string directory)
{
    public string Directory { get; } = directory;

    public IReadOnlyList<ScenarioEntry> List()
        => System.IO.Directory.EnumerateFiles(Directory, "*.yaml", SearchOption.TopDirectoryOnly)
            .Select(path => new ScenarioEntry(Path.GetFileNameWithoutExtension(path), TitleOf(path), Path.GetFileName(path)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The file of the scenario called <paramref name="name"/>, or null when the library has none.</summary>
    public string? PathOf(string name) => List().FirstOrDefault(e => e.Name == name) is { } e ? Path.Combine(Directory, e.File) : null;

    /// <summary>The top-level <c>title:</c> line, read without loading (expanding a topology costs time); the file name otherwise.</summary>
    private static string TitleOf(string path)
    {
        foreach (var line in File.ReadLines(path).Take(200))
            if (line.StartsWith("title:", StringComparison.Ordinal))
                return line["title:".Length..].Trim().Trim('"', '\'');
        return Path.GetFileNameWithoutExtension(path);
    }

    /// <summary>The configured folder, or the first scenarios/ found from the working directory or the program upwards.</summary>
    public static string FindDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return System.IO.Directory.Exists(configured) ? Path.GetFullPath(configured)
                : throw new DirectoryNotFoundException($"--scenarios: no folder '{configured}'");
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "scenarios");
                if (System.IO.Directory.Exists(candidate) && System.IO.Directory.EnumerateFiles(candidate, "*.yaml").Any()) return candidate;
            }
        throw new DirectoryNotFoundException("no scenarios/ folder found above the working directory or the program; pass --scenarios DIR");
    }
}
