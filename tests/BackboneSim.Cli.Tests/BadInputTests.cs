namespace BackboneSim.Cli.Tests;

/// <summary>Bad input gets exit code 2 and FILE:LINE:COL: message on stderr, never a stack trace.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public BadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertBadInput(Cli.Result r, string expectedLocation, string expectedText)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{expectedLocation}: ", r.Stderr);
        Assert.Contains(expectedText, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
    }

    [Fact]
    public async Task Missing_file()
        => AssertBadInput(await Cli.RunAsync("run", Path.Combine(_dir, "missing.yaml")), "missing.yaml:1:1", "file not found");

    [Fact]
    public async Task Bad_yaml()
        => AssertBadInput(await Cli.RunAsync("run", Write("bad.yaml", "scenario: x\n  title: oops\n")), "bad.yaml:2:8", "YAML syntax");

    [Fact]
    public async Task Unknown_field_with_suggestion()
    {
        var path = Write("typo.yaml", "scenario: x\ntitel: t\n");
        var r = await Cli.RunAsync("validate", path);
        AssertBadInput(r, "typo.yaml:2:1", "unknown field 'titel' in the scenario — did you mean 'title'?");
    }

    [Fact]
    public async Task Wrong_type()
    {
        var path = Write("type.yaml", "scenario: x\ntitle: t\nstart: 2021-10-04T15:30:00Z\nduration: long\ntopology: { include: nothing.yaml }\n");
        var r = await Cli.RunAsync("run", path);
        AssertBadInput(r, "type.yaml:4:11", "'duration' must be a duration like 10s");
    }

    [Fact]
    public async Task Bad_options_are_usage_errors()
    {
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--silos", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--silos must be between 1 and 16", r.Stderr);
        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--until", "yesterday", "--runtime", "memory");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--until must be", r.Stderr);
        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--until", "9h", "--runtime", "memory");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("past the scenario's end", r.Stderr);
        r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "quantum");
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public async Task Validate_accepts_the_library_scenario()
    {
        var r = await Cli.RunAsync("validate", "scenarios/facebook-2021-10-04.yaml");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ok", r.Stdout);
    }
}
