using System.Globalization;
using System.Text;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// The real topology written as an <c>explicit</c> scenario, with the same timeline: the same routers, links (IGP
/// metric 10 each, 0.1 ms: veths), DNS servers at the PoPs, the four ASes and their sessions, the service with the
/// record TTL and users in the farthest AS's region (so it has a resolver cohort). Parameters where the simulator's
/// defaults differ from what the real side runs are set to the real side's values (<see cref="Parameters"/>).
/// </summary>
public static class ScenarioWriter
{
    public const long Seed = 1;

    /// <summary>The parameters both sides share, each with why (printed in the report).</summary>
    public static IReadOnlyList<(string Key, string Value, string Why)> Parameters(GtConfig c) =>
    [
        ("igp_hello_interval", "10s", "FRR ospfd's default hello interval (the simulator's default too)"),
        ("igp_hold", "40s", "FRR's dead interval (simulator default 30 s; no control plane dies here, so unused)"),
        ("carrier_loss_detect", "0s", "a veth set down: the other end loses carrier at once (simulator default 150 ms, BFD-like)"),
        ("lsa_generation_delay", "0s", "FRR ospfd originates at once… (simulator default 50 ms, IS-IS style)"),
        ("lsa_secondary_wait", "5s", "…and at most every 5 s (MinLSInterval; simulator default 200 ms)"),
        ("lsa_max_wait", "5s", "as above (simulator default 5 s)"),
        ("spf_delay", "0s", "FRR's `timers throttle spf 0 50 5000` (simulator default 200 ms)"),
        ("spf_secondary_wait", "50ms", "as above (simulator default 1 s)"),
        ("spf_max_wait", "5s", "as above (the simulator's default too)"),
        ("health_check_interval", $"{GtConfig.HealthIntervalMs / 1000}s", "the harness's health check (the simulator's default)"),
        ("health_fail_threshold", c.Fall.ToString(CultureInfo.InvariantCulture), "the harness's fall count"),
        ("health_recover_threshold", c.Rise.ToString(CultureInfo.InvariantCulture), "the harness's rise count"),
        ("bgp_mrai", $"{c.MraiSeconds}s", "`advertisement-interval` on every session of the external ASes (simulator default 30 s)"),
        ("bgp_mrai_jitter", "1", "FRR's bgpd does not jitter its `advertisement-interval` (`bgp_adjust_routeadv`; simulator default 0.75, RFC 4271 §10)"),
    ];

    public static string Write(GtConfig c)
    {
        var b = new StringBuilder();
        b.AppendLine($"# Written by `bench groundtruth` for {c.Name}: the topology the real daemons ran, as an explicit scenario.")
         .AppendLine($"scenario: groundtruth-{c.Name}")
         .AppendLine($"title: Ground truth against FRR and Unbound ({c.Name})")
         .AppendLine($"seed: {Seed}")
         .AppendLine("start: 2026-01-01T00:00:00Z")
         .AppendLine(string.Create(CultureInfo.InvariantCulture, $"duration: {c.EndAtMs}ms"))
         .AppendLine("lookahead: 1ms")
         .AppendLine("parameters:");
        foreach (var (key, value, _) in Parameters(c)) b.AppendLine($"  {key}: {value}");
        b.AppendLine("topology:")
         .AppendLine("  generator: explicit")
         .AppendLine($"  operator: {{ name: GroundTruth, asn: {GtTopology.OperatorAsn}, prefixes: [{GtTopology.OperatorPrefix}] }}")
         .AppendLine("  sites:");
        var sites = GtTopology.Routers.Select(r => r.Site).Distinct().ToList();
        for (var i = 0; i < sites.Count; i++)
        {
            var kind = sites[i].StartsWith("dc", StringComparison.Ordinal) ? "datacenter" : sites[i].StartsWith("pop", StringComparison.Ordinal) ? "pop" : "hub";
            b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    - {{ name: {sites[i]}, kind: {kind}, lat: 50, lon: {8 + 0.01 * i}, region: core }}"));
        }
        b.AppendLine("  routers:");
        foreach (var r in GtTopology.Routers) b.AppendLine($"    - {{ name: {r.Name}, site: {r.Site}, role: {r.Role} }}");
        b.AppendLine("  links:");
        foreach (var l in GtTopology.Links.Where(l => GtTopology.IsOperator(l.A) && GtTopology.IsOperator(l.B)))
            b.AppendLine($"    - {{ a: {l.A}, b: {l.B}, latency_ms: 0.1, metric: 10 }}");
        b.AppendLine("  dns:")
         .AppendLine($"    prefixes: [{GtTopology.DnsPrefix}]")
         .AppendLine("    servers:");
        foreach (var pop in GtTopology.Pops)
            b.AppendLine($"      - {{ name: {GtTopology.DnsServerOf(pop)}, site: {GtTopology.Routers.Single(r => r.Name == pop).Site}, gateway: {pop} }}");
        b.AppendLine("  internet:").AppendLine("    ases:");
        foreach (var a in GtTopology.Ases) b.AppendLine($"      - {{ asn: {a.Asn}, name: AS{a.Asn}, tier: {a.Tier}, region: {a.Region} }}");
        b.AppendLine("    as_links:");
        foreach (var l in GtTopology.AsLinks) b.AppendLine($"      - {{ a: {l.Customer}, b: {l.Provider}, kind: customer_of, latency_ms: 0.1 }}");
        b.AppendLine("    peerings:");
        foreach (var p in GtTopology.Peerings) b.AppendLine($"      - {{ as: {p.Asn}, router: {p.Router}, kind: transit, latency_ms: 0.1 }}");
        b.AppendLine("  bgp: { reflectors_per_client: 0 }   # no iBGP: the real PoPs have none")
         .AppendLine("  services:")
         .AppendLine($"    - {{ name: {GtTopology.ServiceName}, ttl: {c.TtlSeconds}s }}")
         .AppendLine($"  users: {{ {GtTopology.Farthest.Region}: 100000 }}")
         .AppendLine("timeline:")
         .AppendLine(string.Create(CultureInfo.InvariantCulture, $"  - at: \"+{GtConfig.CutAtMs}ms\""))
         .AppendLine("    name: cut")
         .AppendLine($"    fail: {{ links: [{string.Join(", ", GtTopology.DataCenterLinks.Select(l => l.SimName))}] }}")
         .AppendLine(string.Create(CultureInfo.InvariantCulture, $"  - at: \"+{c.RestoreAtMs}ms\""))
         .AppendLine("    name: restore")
         .AppendLine("    recover: { failure: cut }");
        return b.ToString();
    }
}
