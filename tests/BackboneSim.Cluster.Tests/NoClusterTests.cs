using System.Globalization;
using BackboneSim.Silo;

namespace BackboneSim.Cluster.Tests;

/// <summary>Pointed at a Redis that is not there, the CLI and the silo fail within seconds and say why; bad addresses are bad input.</summary>
public sealed class NoClusterTests
{
    private const string Facebook = "scenarios/facebook-2021-10-04.yaml";

    private static string NobodyListening() => $"redis://127.0.0.1:{FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture)}";

    [Fact]
    public async Task The_CLI_fails_fast_when_no_Redis_answers()
    {
        var url = NobodyListening();
        var r = await Programs.RunCliAsync(["run", Facebook, "--cluster", url, "-q"], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 4, r.Output);
        Assert.Contains($"cannot reach Redis at {url}", r.Output);
        Assert.True(r.Wall < TimeSpan.FromSeconds(30), $"took {r.Wall}");
    }

    [Fact]
    public async Task The_silo_exits_1_when_no_Redis_answers()
    {
        var url = NobodyListening();
        await using var silo = ChildProcess.StartDotnet("silo", Programs.Silo, ["--cluster", url, "--silo-port", "0", "--gateway-port", "0", "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"BackboneSim.Silo: cannot reach Redis at {url}", silo.Output);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379", "the scheme is 'http', not 'redis'")]
    [InlineData("redis://127.0.0.1:6379/99", "the path must be a database number 0-15")]
    [InlineData("127.0.0.1:6379", "not a URL")]
    public async Task A_bad_cluster_address_is_bad_input_for_CLI_and_silo(string address, string why)
    {
        var cli = await Programs.RunCliAsync(["run", Facebook, "--cluster", address], TimeSpan.FromSeconds(60));
        Assert.True(cli.ExitCode == 2, cli.Output);
        Assert.Contains($"--cluster must be redis://HOST[:PORT][/DB]", cli.Output);
        Assert.Contains(why, cli.Output);

        await using var silo = ChildProcess.StartDotnet("silo", Programs.Silo, ["--cluster", address, "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(why, silo.Output);
    }

    [Theory]
    [InlineData("--silos", "2")]
    [InlineData("--runtime", "memory")]
    public async Task Embedded_cluster_options_do_not_go_with_cluster(string option, string value)
    {
        var r = await Programs.RunCliAsync(["run", Facebook, "--cluster", "redis://127.0.0.1:6379", option, value], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 2, r.Output);
        Assert.Contains(option, r.Output);
    }

    [Fact]
    public async Task A_silo_with_cluster_runs_one_silo_per_process()
    {
        await using var silo = ChildProcess.StartDotnet("silo", Programs.Silo, ["3", "--cluster", "redis://127.0.0.1:6379", "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("with --cluster a process runs one silo, not 3", silo.Output);
    }
}
