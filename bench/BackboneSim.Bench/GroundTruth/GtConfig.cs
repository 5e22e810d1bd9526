using System.Globalization;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// One comparison: the settings both sides run with and the schedule of events, in milliseconds after the epoch (the
/// instant the simulator's run starts; the real run is aligned to it). A long cut lets the withdrawal reach every AS
/// and the resolver's cache expire before the links come back; a flap brings them back soon after the PoPs withdrew,
/// so the re-announcement follows the withdrawal within the MRAI.
/// </summary>
public sealed record GtConfig(string Name, int MraiSeconds, int Fall, int Rise, bool Flap)
{
    public const int HealthIntervalMs = 10_000;
    public const int CutAtMs = 20_000;
    public int TtlSeconds { get; init; } = 30;

    /// <summary>Long cut: past the last withdrawal (fall + 1 intervals), the propagation and a whole TTL, with room.
    /// Flap: half an interval after the last possible withdrawal.</summary>
    public long RestoreAtMs => CutAtMs + (Flap ? (long)((Fall + 0.5) * HealthIntervalMs) : (Fall + 1) * HealthIntervalMs + TtlSeconds * 1000L + 30_000);
    /// <summary>Until the recovery is over: the adjacency (about one hello interval), rise + 1 checks, the MRAI, the
    /// resolver's failure cache; with room.</summary>
    public long EndAtMs => RestoreAtMs + 20_000 + (Rise + 1) * HealthIntervalMs + MraiSeconds * 1000L + 20_000;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"MRAI {MraiSeconds} s, health check every {HealthIntervalMs / 1000} s, fall {Fall} / rise {Rise}, record TTL {TtlSeconds} s; " +
        $"both data-center links cut at +{CutAtMs / 1000} s, restored at +{RestoreAtMs / 1000.0:0.#} s{(Flap ? " (a flap)" : "")}, until +{EndAtMs / 1000} s");

    public static readonly GtConfig[] All =
    [
        new("mrai0-fall3", 0, 3, 3, false),
        new("mrai30-fall3", 30, 3, 3, false),
        new("mrai0-fall1-flap", 0, 1, 1, true),
        new("mrai30-fall1-flap", 30, 1, 1, true),
    ];
}
