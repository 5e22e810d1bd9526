using System.CommandLine;
using BackboneSim.Model.Scenario;
using BackboneSim.Silo.Clustering;

namespace BackboneSim.Cli.Commands;

/// <summary>`run`'s --cluster, --cluster-id and --connect-timeout, checked together and against the embedded-cluster options.</summary>
public static class ClusterArguments
{
    public sealed record Choice(ClusterConnection? Connection, TimeSpan Timeout);

    /// <summary>The choice, or null after printing why the options do not fit together (bad input).</summary>
    public static Choice? Read(ParseResult parse, Option<string?> cluster, Option<string?> clusterId, Option<string> connectTimeout,
        Option<int> silos, Option<string> runtime)
    {
        var address = parse.GetValue(cluster);
        var id = parse.GetValue(clusterId);
        var timeoutText = parse.GetValue(connectTimeout)!;
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };

        if (TimeText.ParseDuration(timeoutText) is not { } timeoutMs || timeoutMs < 1000 || timeoutMs > 3_600_000)
            return Fail($"--connect-timeout must be a duration from 1s to 1h (e.g. 30s), not '{timeoutText}'");
        if (address is null)
        {
            if (id is not null) return Fail("--cluster-id needs --cluster");
            if (Given(connectTimeout)) return Fail("--connect-timeout needs --cluster (the embedded cluster is started, not waited for)");
            return new Choice(null, TimeSpan.FromMilliseconds(timeoutMs));
        }
        if (Given(silos)) return Fail("--silos sets the embedded cluster's silos; with --cluster the cluster has the silos its processes started");
        if (parse.GetValue(runtime) == "memory") return Fail("--cluster runs on Orleans; leave out --runtime memory");
        try
        {
            return new Choice(ClusterConnection.Parse(address, id), TimeSpan.FromMilliseconds(timeoutMs));
        }
        catch (FormatException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static Choice? Fail(string message)
    {
        Console.Error.WriteLine($"backbonesim: {message}");
        return null;
    }
}
