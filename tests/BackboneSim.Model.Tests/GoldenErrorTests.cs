using System.Text;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Golden error tests. Each top-level <c>Golden/NAME.yaml</c> is a scenario with one kind of mistake, and the sibling
/// <c>NAME.expected</c> holds exactly what <c>backbonesim validate</c> prints for it: every <c>FILE:LINE:COL: message</c>
/// line, in order, with files named relative to the Golden folder. The full text is compared, so a changed message,
/// position, suggestion or set of errors fails the case.
/// <para>
/// To accept new output, run with <c>BACKBONESIM_UPDATE_GOLDEN=1</c>:
/// <code>BACKBONESIM_UPDATE_GOLDEN=1 dotnet test tests/BackboneSim.Model.Tests --filter "FullyQualifiedName~GoldenErrorTests"</code>
/// which rewrites (or creates) the .expected files in the source tree instead of comparing; read the diff before
/// committing it. A new case is a new top-level .yaml file.
/// </para>
/// <para>
/// Cases run on a copy of the folder in a temporary directory. A case whose first line starts with <c># pad: N MiB</c>
/// is first padded there with comment lines to N MiB (the file-too-large case: such a file does not belong in the
/// repository). Files in subfolders (<c>topologies/</c>, <c>includes/</c>) are what the cases include, not cases.
/// </para>
/// </summary>
public class GoldenErrorTests
{
    private const string UpdateVariable = "BACKBONESIM_UPDATE_GOLDEN";
    private static readonly string Source = RepoPaths.File("tests/BackboneSim.Model.Tests/Golden");

    private static IEnumerable<string> CaseNames()
        => Directory.GetFiles(Source, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Cases() => new(CaseNames());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_prints_exactly_the_golden_errors(string name)
    {
        var actual = Validate(name);
        var expectedPath = Path.Combine(Source, name + ".expected");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with {UpdateVariable}=1 to write it");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Every_golden_case_is_an_error_and_every_expected_file_has_its_case()
    {
        var cases = CaseNames().ToHashSet();
        Assert.True(cases.Count >= 25, $"only {cases.Count} golden cases");
        foreach (var expected in Directory.GetFiles(Source, "*.expected"))
        {
            var name = Path.GetFileNameWithoutExtension(expected);
            Assert.True(cases.Contains(name), $"{expected} has no {name}.yaml");
            // An error case prints errors, never the "ok" line: a golden that expected success could not catch a loader
            // that stopped reporting the error.
            Assert.Matches(@"^(\S+:\d+:\d+: .+\n)+$", File.ReadAllText(expected).ReplaceLineEndings("\n"));
        }
    }

    /// <summary>What <c>validate</c> prints for the case (stderr lines, or the ok line), run from a fresh copy.</summary>
    private static string Validate(string name)
    {
        using var copy = new TempScenario();
        foreach (var file in Directory.GetFiles(Source, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Folder, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var path = Path.Combine(copy.Folder, name + ".yaml");
        Pad(path);
        try
        {
            var s = ScenarioLoader.Load(path, new DiskScenarioFiles(copy.Folder));
            return $"{name}.yaml: ok — '{s.Title}'\n";
        }
        catch (ScenarioLoadException ex)
        {
            return string.Concat(ex.Errors.Select(e => e + "\n"));
        }
    }

    private static void Pad(string path)
    {
        var first = File.ReadLines(path).FirstOrDefault() ?? "";
        var match = System.Text.RegularExpressions.Regex.Match(first, @"^# pad: (\d+) MiB");
        if (!match.Success) return;
        var size = long.Parse(match.Groups[1].Value) * 1024 * 1024;
        var line = "# " + new string('-', 1021) + "\n"; // 1 KiB
        var text = new StringBuilder(File.ReadAllText(path));
        while (text.Length < size) text.Append(line);
        File.WriteAllText(path, text.ToString());
    }
}
