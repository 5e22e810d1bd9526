namespace BackboneSim.Tests.Shared;

/// <summary>Scenario files written to a fresh temporary folder, so tests exercise the real file loader.</summary>
public sealed class TempScenario : IDisposable
{
    public TempScenario() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bbsim-" + Guid.NewGuid().ToString("N")[..10]);

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A small valid network: 2 data centers, 2 hubs, 2 PoPs with one DNS server each, 3 external ASes.</summary>
    public const string SmallTopology = """
        generator: hyperscaler
        operator: { name: Example, asn: 64500 }
        routers: { backbone_per_datacenter: 1, border_per_datacenter: 1, backbone_per_hub: 2, edge_per_pop: 2 }
        links: { hub_neighbors: 2, parallel: 1, pop_uplinks: 2 }
        dns: { per_pop: 1, prefixes: [192.0.2.0/24] }
        internet:
          pop_regional_peers: 1
          transit_per_regional: 1
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
            - { asn: 3320, name: DTAG, tier: regional, region: eu }
            - { asn: 7922, name: Comcast, tier: regional, region: na }
        datacenters:
          - { name: dc1, lat: 44.3, lon: -120.8, region: na }
          - { name: dc2, lat: 53.4, lon: -6.4, region: eu }
        hubs:
          - { name: h1, lat: 40.7, lon: -74.0, region: na }
          - { name: h2, lat: 51.5, lon: -0.1, region: eu }
        pops:
          - { name: p1, lat: 41.9, lon: -87.6, region: na }
          - { name: p2, lat: 50.1, lon: 8.7, region: eu }
        """;

    public static string Scenario(string timeline = "", string extra = "") => $$"""
        scenario: small
        title: Small test network
        seed: 42
        start: 2021-10-04T15:30:00Z
        duration: 1h
        {{extra}}
        topology:
          include: topo.yaml
        timeline:
        {{timeline}}
        """;
}
