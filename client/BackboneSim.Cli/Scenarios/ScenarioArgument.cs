using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Cli.Scenarios;

/// <summary>
/// What the SCENARIO argument of run, validate and explain names: a file as given, or a library name
/// (<c>facebook-2021-10-04</c>, as the web client calls it) found as <c>scenarios/NAME.yaml</c> in the first
/// scenarios/ folder above the working directory or the program. Anything else is a clear error with a suggestion.
/// </summary>
public static class ScenarioArgument
{
    /// <summary>The file to load, or null and the lines to print (bad input).</summary>
    public static (string? Path, string[] Errors) Resolve(string given)
    {
        if (File.Exists(given)) return (given, []);
        if (Directory.Exists(given))
        {
            var inside = Directory.EnumerateFiles(given, "*.yaml").Select(f => Path.Combine(given, Path.GetFileName(f)))
                .Order(StringComparer.Ordinal).Take(5).ToList();
            return (null, [$"backbonesim: {given} is a folder, not a scenario file" +
                           (inside.Count > 0 ? $"; for example: {string.Join(", ", inside)}" : "")]);
        }
        var library = LibraryFolder();
        if (IsName(given) && library is not null && Path.Combine(library, given + ".yaml") is var named && File.Exists(named))
            return (named, []);

        // Not found: suggest a file next to where it was looked for, or a library name.
        var candidates = new List<string>();
        var dir = Path.GetDirectoryName(given);
        var lookIn = string.IsNullOrEmpty(dir) ? "." : dir;
        if (Directory.Exists(lookIn))
            candidates.AddRange(Directory.EnumerateFiles(lookIn, "*.y*ml").Select(f => string.IsNullOrEmpty(dir) ? Path.GetFileName(f) : Path.Combine(dir, Path.GetFileName(f))));
        if (library is not null && IsName(Path.GetFileNameWithoutExtension(given)))
            candidates.AddRange(LibraryNames(library));
        var hint = Suggestions.DidYouMean(given, candidates);
        if (hint.Length == 0 && IsName(given) && library is not null)
            hint = $" (not a file, nor a library scenario: {string.Join(", ", LibraryNames(library))})";
        return (null, [$"{given}:1:1: file not found{hint}"]);
    }

    /// <summary>As <see cref="Resolve"/>, for commands that run a scenario: a topology file is not one.</summary>
    public static (string? Path, string[] Errors) ResolveToRun(string given)
    {
        var (path, errors) = Resolve(given);
        if (path is not null && TopologyFile.Is(path))
            return (null, [$"backbonesim: {given} is a topology file, not a scenario: a scenario includes it (topology: {{ include: {Path.GetFileName(path)} }}); " +
                           $"'backbonesim validate {given}' checks it"]);
        return (path, errors);
    }

    /// <summary>The scenario library: the first scenarios/ with *.yaml in it above the working directory, then above the program.</summary>
    public static string? LibraryFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "scenarios");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any()) return candidate;
            }
        return null;
    }

    private static IEnumerable<string> LibraryNames(string library)
        => Directory.EnumerateFiles(library, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>A bare name: no folder, no extension (a library scenario is named so).</summary>
    private static bool IsName(string s) => s.Length > 0 && TopologyLoader.IsPlainName(s);
}
