namespace BackboneSim.Tests.Shared;

/// <summary>Finds files of the repository from a test's output folder (linked into every test project).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "BackboneSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (BackboneSim.sln) not found above " + AppContext.BaseDirectory);
    }
}
