namespace BackboneSim.Cli.Tests;

/// <summary>
/// One rule for every file `run` writes: "error: cannot write FILE: reason", exit 2, no stack trace, and when it
/// can be known before the run, nothing runs (no summary).
/// </summary>
public class OutputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bbsim-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<Cli.Result> Run(params string[] extra)
        => Cli.RunAsync(["run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "1m", .. extra]);

    private static void AssertCannotWrite(Cli.Result r, string file, string reason)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: cannot write {file}: {reason}", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    [Theory]
    [InlineData("--events")]
    [InlineData("--series")]
    [InlineData("--report")]
    [InlineData("--junit")]
    [InlineData("--narration")]
    public async Task A_full_device_is_a_clear_error(string option)
        => AssertCannotWrite(await Run(option, "/dev/full"), "/dev/full", "No space left on device");

    [Fact]
    public async Task A_directory_is_refused_before_the_run()
    {
        var r = await Run("--series", _dir);
        AssertCannotWrite(r, _dir, "it is a directory");
        Assert.DoesNotContain("Key moments", r.Stdout);
    }

    [Fact]
    public async Task A_path_through_a_file_is_refused_before_the_run()
    {
        var file = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(file, "x");
        var r = await Run("--events", Path.Combine(file, "events.jsonl"));
        AssertCannotWrite(r, Path.Combine(file, "events.jsonl"), $"{file} is a file, not a folder");
        Assert.DoesNotContain("Key moments", r.Stdout);
    }

    [Fact]
    public async Task A_read_only_place_is_refused_before_the_run()
    {
        // sysfs refuses new files even to root (tests may run as root, where chmod does not stop a write).
        var r = await Run("--report", "/sys/backbonesim-report.md");
        AssertCannotWrite(r, "/sys/backbonesim-report.md", "permission denied");
        Assert.DoesNotContain("Key moments", r.Stdout);
    }

    [Fact]
    public async Task Two_options_naming_one_file_are_a_usage_error()
    {
        var file = Path.Combine(_dir, "same.out");
        var r = await Run("--events", file, "--series", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--events and --series both name {file}", r.Stderr);
        Assert.False(File.Exists(file), "nothing is written");
    }

    [Fact]
    public async Task A_checked_file_that_did_not_exist_is_not_left_behind_on_bad_input()
    {
        var junit = Path.Combine(_dir, "sub", "j.xml");
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "1m", "--junit", junit, "--sample", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(junit));
    }
}
