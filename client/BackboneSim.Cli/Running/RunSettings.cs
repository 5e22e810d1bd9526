using BackboneSim.Silo.Clustering;

namespace BackboneSim.Cli.Running;

/// <summary>What `run` was asked to do, after option parsing.</summary>
public sealed record RunSettings(string ScenarioPath, string Runtime, int Silos, long? Seed, string? Until,
    string? EventsPath, string? SeriesPath, long SampleMs, bool Quiet, string? ReportPath = null, string? JUnitPath = null)
{
    /// <summary>Hidden injects to fire: "NAME" or "NAME@TIME".</summary>
    public IReadOnlyList<string> Injects { get; init; } = [];
    /// <summary>--narration: the fired narration as JSON Lines.</summary>
    public string? NarrationPath { get; init; }
    /// <summary>--pause-at-checkpoints: ask each checkpoint's question and wait for an answer (interactive stdin only).</summary>
    public bool PauseAtCheckpoints { get; init; }
    /// <summary>--metrics-port: serve /metrics on 127.0.0.1 at this port while the run lasts.</summary>
    public int? MetricsPort { get; init; }
    /// <summary>--cluster: run on this Redis-clustered cluster as its client (no embedded silos); null for the embedded cluster.</summary>
    public ClusterConnection? Cluster { get; init; }
    /// <summary>--connect-timeout: how long to wait for a silo of <see cref="Cluster"/> to answer.</summary>
    public TimeSpan ConnectTimeout { get; init; } = ClusterClient.DefaultWait;
}
