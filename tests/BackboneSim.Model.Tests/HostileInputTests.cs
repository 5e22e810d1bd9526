using System.Diagnostics;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Scenario files that try to hurt the loader (issue 14): special files instead of scenarios, paths no file can have,
/// control characters that would drive the terminal. Each is a located error, never a hang, a crash or raw output.
/// </summary>
public class HostileInputTests
{
    private static ScenarioLoadException LoadFails(string path)
    {
        // A bound, so a regression shows as a failure rather than a hung test run.
        var load = Task.Run(() => Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path)));
        Assert.True(load.Wait(TimeSpan.FromSeconds(10)), $"loading {path} did not finish in 10 s");
        return load.Result;
    }

    private static string Scenario(TempScenario t, string include)
        => t.Write("s.yaml", TempScenario.Scenario().Replace("include: topo.yaml", $"include: {include}"));

    private static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void An_include_linked_to_a_device_is_not_a_regular_file(string device)
    {
        using var t = new TempScenario();
        File.CreateSymbolicLink(Path.Combine(t.Folder, "topo.yaml"), device);
        var ex = LoadFails(Scenario(t, "topo.yaml"));
        Assert.Contains(ex.Errors, e => e.Location.File.EndsWith("topo.yaml") && (e.Location.Line, e.Location.Column) == (1, 1) && e.Message == "not a regular file");
        Assert.Contains(ex.Errors, e => e.Location.File.EndsWith("s.yaml") && e.Message == "cannot include 'topo.yaml' (see the error in that file)");
    }

    [Fact]
    public void A_fifo_include_or_scenario_does_not_block()
    {
        using var t = new TempScenario();
        MakeFifo(Path.Combine(t.Folder, "topo.yaml"));
        var ex = LoadFails(Scenario(t, "topo.yaml"));
        Assert.Contains(ex.Errors, e => e.Location.File.EndsWith("topo.yaml") && e.Message == "not a regular file");

        var fifo = Path.Combine(t.Folder, "main.yaml");
        MakeFifo(fifo);
        var e = Assert.Single(LoadFails(fifo).Errors);
        Assert.Equal("main.yaml:1:1: not a regular file", Path.GetFileName(e.ToString()));
    }

    [Fact]
    public void A_folder_is_not_a_regular_file_rather_than_missing()
    {
        using var t = new TempScenario();
        Directory.CreateDirectory(Path.Combine(t.Folder, "topo.yaml"));
        var ex = LoadFails(Scenario(t, "topo.yaml"));
        Assert.Contains(ex.Errors, e => e.Location.File.EndsWith("topo.yaml") && e.Message == "not a regular file");
        Assert.Equal("not a regular file", Assert.Single(LoadFails(t.Folder).Errors).Message);
    }

    [Fact]
    public void A_scenario_linked_to_a_device_is_not_a_regular_file()
    {
        using var t = new TempScenario();
        var link = Path.Combine(t.Folder, "s.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");
        Assert.Equal("not a regular file", Assert.Single(LoadFails(link).Errors).Message);
    }

    [Fact]
    public void Reading_stops_at_the_limit_whatever_the_file_system_says()
    {
        using var t = new TempScenario();
        var path = t.Write("big.yaml", new string('#', 1001));
        Assert.Throws<FileTooLargeException>(() => BoundedRead.Text(path, 1000));
        Assert.Equal(1000, BoundedRead.Text(t.Write("ok.yaml", new string('#', 1000)), 1000).Length);
    }

    [Theory]
    [InlineData("\"topo\\0.yaml\"", "\\u0000 at position 5")]
    [InlineData("\"\\0\"", "\\u0000 at position 1")]
    public void An_include_path_with_a_nul_is_an_error_at_the_include(string include, string where)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var e = Assert.Single(LoadFails(Scenario(t, include)).Errors);
        Assert.Equal((8, 12), (e.Location.Line, e.Location.Column));
        Assert.Contains("has a character no file name can have", e.ToString());
        Assert.Contains(where, e.ToString());
    }

    [Fact]
    public void Control_characters_from_the_scenario_are_escaped_in_every_error_line()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        // An unknown key with ESC and BEL, and a value with a newline that would forge a second FILE:LINE:COL line.
        var path = t.Write("s.yaml", TempScenario.Scenario().Replace("seed: 42", "\"seed\\e[2J\\a\": 1")
            .Replace("scenario: small", "scenario: \"x\\ns.yaml:1:1: fake\""));
        var ex = LoadFails(path);
        var text = string.Join("\n", ex.Lines());
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\a', text);
        Assert.Contains("unknown field 'seed\\u001b[2J\\u0007'", text);
        Assert.Contains("scenario name 'x\\ns.yaml:1:1: fake'", text);
        Assert.All(ex.Lines(), line => Assert.DoesNotContain('\n', line));
        Assert.Equal(ex.Errors.Count, text.Split('\n').Length);
        Assert.Equal("a\\nb\\u001b\\u202e", EscapedText.Escape("a\nb\u001b\u202e"));
        Assert.Equal("plain — text", EscapedText.Escape("plain — text"));
    }
}
