using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;
using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json.Linq;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The JSON Schemas under scenarios/schema/ (editor support, docs/scenario-format.md#editor-support-json-schema):
/// every library file names its schema and validates against it, the schemas are valid draft-07, they reject the
/// usual mistakes the loader rejects, and they describe exactly the keys and choices the loader accepts.
/// </summary>
public partial class SchemaTests
{
    private static readonly string ScenarioSchemaPath = RepoPaths.File("scenarios/schema/scenario.schema.json");
    private static readonly string TopologySchemaPath = RepoPaths.File("scenarios/schema/topology.schema.json");

    /// <summary>
    /// A scenario that loads cleanly and has every mapping of the format at least once (an inline topology with every
    /// section, every change kind, a respond with a restore and one with a recover, every kind of failure, a recover
    /// and a surge, both kinds of expectation, narration with a checkpoint). The consistency test compares the schema
    /// with the loader at each mapping read here, so a new mapping in the format goes here too (the test says so when
    /// the schema has a mapping this file does not reach).
    /// </summary>
    private const string KitchenSink = """
        scenario: kitchen-sink
        title: Every mapping of the format, once
        seed: "42"
        start: 2021-10-04T15:30:00Z
        duration: 2h
        lookahead: 10ms
        parameters: { spf_delay: 200ms, health_fail_threshold: 3, active_user_fraction: 0.015 }
        topology:
          generator: hyperscaler
          operator: { name: Example, asn: 64500, prefixes: [198.51.100.0/24] }
          routers: { backbone_per_datacenter: 1, border_per_datacenter: 1, backbone_per_hub: 1, edge_per_pop: 2 }
          links: { hub_neighbors: 2, parallel: 1, pop_uplinks: 2, backbone_capacity_gbps: 100 }
          dns: { per_pop: 1, prefixes: [192.0.2.0/24], unhealthy: withdraw }
          internet:
            pop_regional_peers: 1
            transit_per_regional: 1
            operator_transit: true
            ases:
              - { asn: 3356, name: Lumen, tier: tier1, region: eu }
              - { asn: 3320, name: DTAG, tier: regional, region: eu }
              - { asn: 64801, name: PublicDNS, tier: regional, region: eu }
              - { asn: 6695, name: DE-CIX, tier: ixp, region: eu }
          bgp:
            full_table_routes: 880000
            routes_per_as: 1000
            server_routes: 50
            reflectors_per_client: 2
            flowspec: ibgp
            route_capacity: { backbone: 4000000, datacenter_border: 4000000, edge: 4000000 }
            policies:
              transit: { accept: [internet], announce: [operator], local_pref: 50, max_prefix: 1500000, on_max_prefix: teardown, restart: 30m }
              peer: { accept: [peers, as3356] }
              route_server: { max_prefix: none }
              ibgp: { accept: ["*"], announce: [operator, servers, peers, 198.51.100.0/24], restart: never }
            limits_at_ases: { transit: 10000, peer: none, route_server: 1000 }
            as_restart: 30m
          datacenters:
            - { name: dc1, city: Dublin, lat: 53.35, lon: -6.26, region: eu, power_mw: 60, physics: { power: { step_limit: 0.5 } } }
            - { name: dc2, lat: 55.40, lon: 10.39, region: eu }
          datacenter_physics:
            caches: { cold_capacity: 0.4, warm_capacity: 1.2, warm: 10m, cool: 30m }
            backends: { retries: 2, overload_waste: 0.1, crash_ratio: 2, shed_after: 2m, restart: 30m }
            power: { step_limit: 0.25, settle: 5m, breaker_reset: 20m }
            regions: { eu: { step_limit_mw: 100, settle: 5m } }
          hubs:
            - { name: ams, lat: 52.37, lon: 4.90, region: eu }
          pops:
            - { name: p-lon, city: London, lat: 51.51, lon: -0.13, region: eu }
          services:
            - name: example.com
              ttl: 300s
              ns_ttl: 2d
              nameservers: [192.0.2.0/24, "external:secondary-dns"]
              users_share: 1
              datacenters: [dc1]
              substitutes: [{ service: otherchat, shift_per_hour: 0.01 }]
              return_per_hour: 0.5
              failover: weighted
              placement: global
            - { name: otherchat, third_party: true, depends_on: [example.com], users_share: 0.2, headroom: 0.1 }
          resolvers:
            isp_serve_stale: false
            isp_instances: 4
            public:
              - { name: public-dns, asn: 64801, share: 0.2, serve_stale: true, instances: 10 }
              - { name: op-dns, operator: true, prefix: 203.0.113.0/24, sites: [p-lon], share: 0.1 }
          users:
            eu: 1000000
          frontend_catchment: bgp
        responders:
          oob: separate
          vpn_login: 5m
          oob_login: 10m
          travel: 2h
          security: 30m
          diagnose: 30m
          tools:
            - { name: vpn, needs: backbone }
          site_travel: 45m
          hands_on: 10m
          failure: 0.1
          teams:
            - { name: netops }
            - { name: dc-ops, remote: false, travel: 1h, diagnose: 10m }
        config:
          - targets: { role: backbone }
            interfaces:
              - { match: backbone, metric: 100 }
              - { match: fabric, admin: up }
            igp: { overload: false }
            bgp:
              - { peer: ibgp, accept: ["*"], announce: [operator, servers], local_pref: 100, max_prefix: none, on_max_prefix: warn, restart: never }
          - targets: { role: edge }
            announce: [203.0.113.0/24]
          - targets: { role: dns }
            health_check: { interval: 5s, fail_threshold: 2, recover_threshold: 4, probe: data_plane }
            unhealthy: keep_answering
            capacity: 1.5
        controllers:
          - { name: te-ctl, site: ams, controls: { role: backbone }, hold: 30s, fail_static: 5m, then: drain }
        timeline:
          - at: 15:40:00
            name: drain
            push:
              targets: { role: backbone, site: "dc*", region: eu, name: "*" }
              change:
                - interfaces: { match: backbone, admin: down }
                - igp: { overload: true, metric: 5000, match: "*" }
                - acl: { match: backbone, data: deny }
                - flowspec: { rule: dns-flood, destination: 192.0.2.0/24, source: 203.0.113.0/24, protocol: udp, port: [53], rate_gbps: 1 }
                - flowspec: { rule: old-rule, withdraw: true }
                - bgp: { peer: "*", shutdown: false, accept: ["*"], announce: [operator], local_pref: 100, max_prefix: none, on_max_prefix: warn, restart: never }
              gate:
                audit: change-audit
                faulty: true
                rules:
                  - keep_connected: true
                  - max_targets: 10%
                  - max_links_down: 3
              rollout:
                canary: 1
                waves: [100%]
                wait: 5m
                health:
                  - targets_adjacencies_up: 90%
                  - { event: bgp.session_down, node: "dc*", subject: "*" }
                  - { series: users_affected, below: 1000000 }
                on_fail: rollback
          - name: page
            when: { series: dns_announcing_servers, at_most: 0, after: drain, delay: 1m }
            push:
              targets: { role: edge }
              change:
                - igp: { overload: false }
          - name: spare
            inject: true
            at: +1h
            push: { targets: { role: edge }, change: [ { interfaces: { match: "*", admin: up } } ] }
          - at: +15m
            name: dns-change
            push:
              targets: { role: dns }
              change:
                - zone: { add: [], remove: [example.com] }
                - delegation: { name: example.com, nameservers: ["external:secondary-dns"] }
          - at: 2021-10-04T16:00:00Z
            name: fix
            respond:
              rollback: drain
              wedge: { mode: fib, routers: { role: backbone } }
              edits: [interfaces]
              targets: { role: backbone }
              team: netops
              diagnose: 5m
              restore: { ramp: 30m, stagger: 2m }
          - at: 2021-10-04T16:00:00Z
            name: hands
            respond: { restart: true, targets: { role: backbone }, team: dc-ops }
          - at: 2021-10-04T16:00:00Z
            name: drain-by-hand
            respond: { drain: true, targets: { role: edge } }
          - at: 2021-10-04T16:00:00Z
            name: undrain-by-hand
            respond: { undrain: true, targets: { role: edge } }
          - at: 2021-10-04T16:00:00Z
            name: apply-a-fix
            respond: { apply: drain, team: netops }
          - at: 2021-10-04T16:00:00Z
            name: restore-only
            respond: { restore: { ramp: 30m } }
          - at: +1h10m
            name: backhoe
            fail: { links: ["dc1-*"], for: 4h }
          - at: +1h10m30s
            name: deschedule
            fail: { controllers: "te-*", for: 10m }
          - at: +1h11m
            name: linecard
            fail: { routers: { role: edge, site: p-lon, region: eu, name: "p-*" } }
          - at: +1h12m
            name: bgpd-crash
            fail: { control_plane: { role: backbone, name: "*" }, restart: false, for: 30m }
          - at: +1h13m
            name: blackout
            fail: { site: dc2 }
          - at: +1h14m
            name: bad-dns-release
            fail: { dns_servers: { role: dns, site: "p-*" }, for: 10m }
          - at: +1h15m
            name: splice
            recover: { failure: linecard }
          - at: +1h16m
            name: repair
            respond: { recover: blackout, restore: { ramp: 1h } }
          - at: +1h20m
            name: rush
            surge: { service: example.com, factor: 3, region: eu, for: 30m, ramp: 5m }
        steady_state:
          - { series: users_affected, at_most: 0 }
        expect:
          - { name: no-withdrawal, event: dns.withdraw, node: "p-*", subject: "*", mode: never, after: drain, within: 1h }
          - { name: back, series: "service_availability:example.com", at_least: 0.99, mode: eventually, after: fix, by: "17:00:00" }
        narration:
          - { name: intro, at: 15:30:00, say: Everything is healthy., highlight: [dc1, "p-lon-*"], audience: all }
          - name: ask
            on: { event: igp.adjacency_down, node: "*", subject: "*" }
            after: drain
            delay: 5s
            say: An adjacency goes down.
            audience: instructor
            checkpoint: { question: Why?, choices: [It crashed, The push drained it], answer: 2, explain: The push., pause: false }
        """;

    /// <summary>
    /// The other way to write a topology (a scenario's topology is generated or explicit, not both): every mapping of
    /// <c>generator: explicit</c>, and a push selecting by tag.
    /// </summary>
    private const string ExplicitKitchenSink = """
        scenario: kitchen-sink-explicit
        title: Every mapping of an explicit topology, once
        start: 2021-10-04T15:30:00Z
        duration: 1h
        topology:
          generator: explicit
          operator: { name: Example, asn: 64500, prefixes: [198.51.100.0/24] }
          sites:
            - { name: dc1, kind: datacenter, city: Dublin, lat: 53.35, lon: -6.26, region: eu, tags: [west], power_mw: 20, physics: { caches: { cold_capacity: 0.5 } } }
            - { name: p-lon, kind: pop, city: London, lat: 51.51, lon: -0.13, region: eu }
          routers:
            - { name: dc1-bb1, site: dc1, role: backbone, tags: [core] }
            - { site: dc1, role: datacenter-border, count: 1 }
            - { name: p-lon-er, site: p-lon, role: edge, count: 2, tags: [edge] }
          links:
            - { a: dc1-dr1, b: dc1-bb1, kind: fabric, capacity_gbps: 400, latency_ms: 0.1, metric: 1 }
            - { a: dc1-bb1, b: p-lon-er1 }
            - { a: p-lon-er1, b: p-lon-er2 }
          dns:
            prefixes: [192.0.2.0/24]
            unhealthy: keep_answering
            per_pop: 0
            servers:
              - { name: ns1, site: p-lon, gateway: p-lon-er1, announce_via: [p-lon-er1, p-lon-er2], prefixes: [192.0.2.0/24] }
          internet:
            ases:
              - { asn: 3356, name: Lumen, tier: tier1, region: eu }
              - { asn: 3320, name: DTAG, tier: regional, region: eu, prefixes: [100.64.0.0/16] }
            as_links:
              - { a: 3320, b: 3356, kind: customer_of, latency_ms: 5, capacity_gbps: 10 }
            peerings:
              - { as: 3320, router: p-lon-er1, kind: peer, latency_ms: 1, capacity_gbps: 100 }
              - { as: 3356, router: p-lon-er2, kind: transit }
            policies:
              - as: 3356
                with: "3320"
                import:
                  terms:
                    - seq: 10
                      action: permit
                      match: { prefixes: ["100.64.0.0/16 le 24"], as_path: "_3320$", origin_as: 3320, community: ["3320:1"], learned_from: [customer] }
                      set: { local_pref: 250, community_add: [no-export], community_remove: ["3320:1"] }
                    - { seq: 20, action: deny }
                  default: deny
                export: [{ seq: 10, action: permit, set: { prepend: 1 } }]
          route_reflectors: [dc1-bb1]
          bgp: { reflectors_per_client: 1 }
          services:
            - { name: example.com, ttl: 300s, datacenters: [dc1] }
          resolvers: { isp_serve_stale: false }
          users: { eu: 1000 }
          frontend_catchment: bgp
        timeline:
          - at: 15:40:00
            name: drain
            push:
              targets: { tag: edge }
              change:
                - igp: { overload: true }
          - at: 15:45:00
            name: depeer
            external: { as: 3320, with: p-lon-er1, session: shutdown }
          - at: 15:46:00
            name: hijack
            external: { as: 3320, announce: { prefixes: [198.51.100.0/25], path: [64500], to: [3356] } }
          - at: 15:47:00
            name: hijack-over
            external: { as: 3320, withdraw: [198.51.100.0/25] }
          - at: 15:48:00
            name: lumen-filters
            external: { as: 3356, with: "3320", import: none, export: [{ seq: 10, action: permit, match: { learned_from: [own, customer] } }] }
          - at: 15:49:00
            name: deny-first
            push:
              targets: { tag: edge }
              change:
                - bgp: { peer: ebgp, export_map: [{ seq: 10, action: deny, match: { prefixes: ["198.51.100.0/24"] } }, { seq: 20, action: permit }] }
          - at: 15:50:00
            name: no-map
            push:
              targets: { tag: edge }
              change:
                - bgp: { peer: ebgp, export_map: none }
        """;

    /// <summary>
    /// The third way to write a topology: every mapping of <c>generator: regional-isp</c>, with a generated Internet
    /// besides a listed AS, and a push selecting a generated layer by its tag.
    /// </summary>
    private const string RegionalIspKitchenSink = """
        scenario: kitchen-sink-regional-isp
        title: Every mapping of a regional ISP topology, once
        start: 2021-10-04T15:30:00Z
        duration: 1h
        topology:
          generator: regional-isp
          operator: { name: Example, asn: 64500, prefixes: [198.51.100.0/24] }
          routers: { core_per_site: 2, border_per_datacenter: 1, edge_per_pop: 2, edge_per_border: 1 }
          links: { chords: 1, parallel: 1, uplinks: 2, core_capacity_gbps: 400, access_capacity_gbps: 100 }
          core:
            - { name: tor, city: Toronto, lat: 43.65, lon: -79.38, region: on, tags: [big] }
            - { name: ott, lat: 45.42, lon: -75.70, region: on }
            - { name: mtl, lat: 45.50, lon: -73.57, region: qc }
          datacenters:
            - { name: dc1, lat: 43.7, lon: -79.4, region: on, power_mw: 5, physics: { backends: { restart: 10m } } }
          datacenter_physics: { caches: {} }
          pops:
            - { name: p-kgn, lat: 44.23, lon: -76.49, region: on }
          access: { per_core: 1, radius_km: 20 }
          borders:
            - { name: ix-tor, lat: 43.64, lon: -79.39, region: ix }
          dns: { per_pop: 1, prefixes: [192.0.2.0/24], unhealthy: withdraw }
          internet:
            transit_per_border: 1
            peers_per_border: 1
            transit_per_regional: 1
            operator_transit: true
            ases:
              - { asn: 577, name: Bell, tier: regional, region: ix }
            generate: { tier1: 2, regional_per_region: { ix: 1 }, ixps_per_region: 1, asn_base: 64600 }
          subscribers: { asn_base: 64512, name: customers }
          bgp: { reflectors_per_client: 2 }
          services:
            - { name: portal, ttl: 300s, datacenters: [dc1] }
          resolvers: { isp_serve_stale: false }
          users: { on: 1000, qc: 500 }
          frontend_catchment: bgp
        timeline:
          - at: 15:40:00
            name: drain-access
            push:
              targets: { tag: access }
              change:
                - igp: { overload: true }
        """;

    [GeneratedRegex(@"^# yaml-language-server: \$schema=(\S+)$")]
    private static partial Regex Modeline();

    public static TheoryData<string> LibraryFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.File("scenarios"), "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(LibraryFiles))]
    public async Task Library_file_names_its_schema_on_the_first_line_and_validates_against_it(string file)
    {
        var path = RepoPaths.File(file);
        var text = File.ReadAllText(path);
        var first = text.Split('\n')[0].TrimEnd('\r');
        var modeline = Modeline().Match(first);
        Assert.True(modeline.Success, $"{file}: the first line must be '# yaml-language-server: $schema=<relative path of its schema>', not '{first}'");
        var named = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, modeline.Groups[1].Value));
        var root = ParseYaml(text);
        Assert.Equal(IsTopologyFile(root) ? TopologySchemaPath : ScenarioSchemaPath, named);

        var errors = (await JsonSchema.FromFileAsync(named)).Validate(YamlToJson.Convert(root));
        Assert.True(errors.Count == 0, $"{file} does not validate against {modeline.Groups[1].Value}:\n{Describe(errors)}");
    }

    [Theory]
    [InlineData(KitchenSink)]
    [InlineData(ExplicitKitchenSink)]
    [InlineData(RegionalIspKitchenSink)]
    public async Task Kitchen_sink_scenario_loads_and_validates(string text)
    {
        using var t = new TempScenario();
        ScenarioLoader.Load(t.Write("kitchen-sink.yaml", text));
        var errors = (await JsonSchema.FromFileAsync(ScenarioSchemaPath)).Validate(YamlToJson.Convert(ParseYaml(text)));
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public async Task Schemas_are_valid_draft_07()
    {
        var meta = await MetaSchema();
        foreach (var path in new[] { ScenarioSchemaPath, TopologySchemaPath })
        {
            var text = File.ReadAllText(path);
            Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)JToken.Parse(text)["$schema"]);
            var errors = meta.Validate(text);
            Assert.True(errors.Count == 0, $"{Path.GetFileName(path)} is not a valid draft-07 schema:\n{Describe(errors)}");
            // Editors run patterns as ECMA-262 regular expressions.
            foreach (var pattern in JToken.Parse(text).SelectTokens("$..pattern").Where(p => p.Type == JTokenType.String))
                _ = new Regex((string)pattern!, RegexOptions.ECMAScript);
        }
        // The check bites: a wrong type name, a bound that is not a number, a 'required' that is not a list.
        foreach (var broken in new[] { """{ "type": "strin" }""", """{ "properties": { "a": { "minimum": "1" } } }""", """{ "required": "a" }""" })
            Assert.True(meta.Validate(broken).Count > 0, broken);
    }

    /// <summary>The keywords NJsonSchema (the validator of these tests) enforces; any other would be ignored here.</summary>
    private static readonly HashSet<string> Keywords =
    [
        "$schema", "title", "description", "default", "definitions", "$ref", "type", "enum", "pattern", "minimum", "maximum",
        "minItems", "maxItems", "uniqueItems", "items", "required", "properties", "additionalProperties", "minProperties", "maxProperties",
        "allOf", "anyOf", "oneOf", "not",
    ];

    private static readonly string[] TypedKeywords =
        ["pattern", "minimum", "maximum", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "additionalProperties"];

    [Fact]
    public void Schemas_use_only_enforced_keywords_and_describe_every_property()
    {
        var problems = new List<string>();
        var files = LoadSchemaFiles();
        var walker = new SchemaWalker(files);
        foreach (var (file, schema) in files)
        {
            var name = Path.GetFileName(file);
            foreach (var (pointer, s) in SchemaObjects(schema, "#"))
            {
                foreach (var keyword in s.Properties().Select(p => p.Name).Where(k => !Keywords.Contains(k)))
                    problems.Add($"{name} {pointer}: keyword '{keyword}' is misspelt or not enforced by the tests' validator (NJsonSchema); use {string.Join(", ", Keywords)}");
                // NJsonSchema applies these only next to a 'type' (the standard applies them to any value of their type).
                foreach (var keyword in TypedKeywords.Where(k => s[k] is not null && s["type"] is null))
                    problems.Add($"{name} {pointer}: '{keyword}' needs a 'type' beside it, or the tests' validator ignores it");
                // Draft-07 ignores every keyword beside a $ref: only annotations may stand there.
                if (s["$ref"] is not null)
                    foreach (var keyword in s.Properties().Select(p => p.Name).Where(k => k is not ("$ref" or "description" or "default" or "title")))
                        problems.Add($"{name} {pointer}: '{keyword}' beside '$ref' is ignored by draft-07 validators; wrap them in allOf");
                if (IsStrict(s) && s["properties"] is JObject properties)
                    foreach (var p in properties.Properties())
                        if (!walker.Expand(new SchemaAt(file, (JObject)p.Value)).Any(x => x.Schema["description"] is not null))
                            problems.Add($"{name} {pointer}/properties/{p.Name}: no description (editors show it on hover)");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("an action with a time and a trigger", "  - name: page\n", "  - name: page\n    at: +30m\n", ValidationErrorKind.NotAnyOf, null)]
    [InlineData("a trigger with event and series", "at_most: 0, after: drain", "at_most: 0, event: dns.withdraw, after: drain", ValidationErrorKind.ExcludedSchemaValidates, null)]
    [InlineData("a gate rule with two kinds", "- max_links_down: 3", "- { max_links_down: 3, keep_connected: true }", ValidationErrorKind.TooManyProperties, null)]
    [InlineData("a share over 100%", "max_targets: 10%", "max_targets: 110%", ValidationErrorKind.NoTypeValidates, "max_targets")]
    [InlineData("a misspelt top-level key", "title:", "tittle:", ValidationErrorKind.NoAdditionalPropertiesAllowed, "tittle")]
    [InlineData("a misspelt key in a push", "targets: { role: dns }", "tagets: { role: dns }", ValidationErrorKind.NoAdditionalPropertiesAllowed, "tagets")]
    [InlineData("a bad duration", "duration: 2h", "duration: 10 minutes", ValidationErrorKind.PatternMismatch, "duration")]
    [InlineData("an action with both push and respond", "      restore: { ramp: 30m, stagger: 2m }\n", "      restore: { ramp: 30m, stagger: 2m }\n    push: { targets: { role: dns }, change: [] }\n", ValidationErrorKind.NotOneOf, null)]
    [InlineData("a wrong enum value", "oob: separate", "oob: separat", ValidationErrorKind.NotInEnumeration, "oob")]
    [InlineData("a wrong role", "role: backbone", "role: backbon", ValidationErrorKind.NotInEnumeration, "role")]
    [InlineData("a change with two kinds", "- igp: { overload: true, metric: 5000, match: \"*\" }", "- { igp: { overload: true }, interfaces: { match: backbone, admin: up } }", ValidationErrorKind.TooManyProperties, null)]
    [InlineData("an expectation with event and series", "event: dns.withdraw, node", "event: dns.withdraw, series: users_affected, node", ValidationErrorKind.NotOneOf, null)]
    [InlineData("a series with two bounds", "at_most: 0 }", "at_most: 0, above: 1 }", ValidationErrorKind.NotOneOf, null)]
    [InlineData("a time that is no time", "at: 15:40:00", "at: 25:40:00", ValidationErrorKind.PatternMismatch, "at")]
    [InlineData("a whole number that is not one", "health_fail_threshold: 3", "health_fail_threshold: three", ValidationErrorKind.NoTypeValidates, "health_fail_threshold")]
    [InlineData("a number out of range", "lat: 53.35", "lat: 153.35", ValidationErrorKind.NumberTooBig, "lat")]
    [InlineData("a misspelt action key", "fail: { site: dc2 }", "fial: { site: dc2 }", ValidationErrorKind.NoAdditionalPropertiesAllowed, "fial")]
    [InlineData("a surge without for", "factor: 3, region: eu, for: 30m, ramp: 5m", "factor: 3, region: eu, ramp: 5m", ValidationErrorKind.PropertyRequired, "for")]
    [InlineData("a respond with both rollback and recover", "respond: { recover: blackout,", "respond: { rollback: drain, recover: blackout,", ValidationErrorKind.NotOneOf, null)]
    [InlineData("a fail with two kinds", "fail: { site: dc2 }", "fail: { site: dc2, links: [\"dc1-*\"] }", ValidationErrorKind.NotOneOf, null)]
    [InlineData("restart on a failure that is not control_plane", "fail: { site: dc2 }", "fail: { site: dc2, restart: false }", ValidationErrorKind.NotAnyOf, null)]
    [InlineData("a narration item with a time and an action", "at: 15:30:00, say:", "at: 15:30:00, after: drain, say:", ValidationErrorKind.NotOneOf, null)]
    [InlineData("a multiple-choice question without an answer", "answer: 2, explain", "explain", ValidationErrorKind.NotAnyOf, null)]
    public async Task Mistakes_fail_the_schema_and_the_loader(string what, string from, string to, ValidationErrorKind kind, string? property)
    {
        var text = ReplaceOnce(KitchenSink, from, to);
        var errors = Flatten((await JsonSchema.FromFileAsync(ScenarioSchemaPath)).Validate(YamlToJson.Convert(ParseYaml(text)))).ToList();
        Assert.True(errors.Any(e => e.Kind == kind && (property is null || e.Property == property)),
            $"{what}: expected {kind}{(property is null ? "" : $" at '{property}'")}, got:\n{string.Join("\n", errors)}");

        using var t = new TempScenario();
        var path = t.Write("s.yaml", text);
        Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
    }

    /// <summary>The loader reads every scalar as text, so quoted numbers and booleans and empty lists are fine; so is the schema.</summary>
    [Theory]
    [InlineData("seed: \"42\"", "seed: 42")]
    [InlineData("operator_transit: true", "operator_transit: \"true\"")]
    [InlineData("lat: 53.35", "lat: \"53.35\"")]
    [InlineData("health_fail_threshold: 3", "health_fail_threshold: '3'")]
    [InlineData("steady_state:\n  - { series: users_affected, at_most: 0 }\n", "steady_state:\n")]
    [InlineData("at: +15m", "at: \"15:45\"")]
    public async Task Spellings_the_loader_accepts_validate(string from, string to)
    {
        var text = ReplaceOnce(KitchenSink, from, to);
        using var t = new TempScenario();
        ScenarioLoader.Load(t.Write("s.yaml", text));
        var errors = (await JsonSchema.FromFileAsync(ScenarioSchemaPath)).Validate(YamlToJson.Convert(ParseYaml(text)));
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public void Schema_enums_match_the_loaders_lists()
    {
        var walker = new SchemaWalker(LoadSchemaFiles());
        string[] Enum(string reference) => walker.Resolve(ScenarioSchemaPath, reference).Schema["enum"]!.Values<string>().Select(v => v!).ToArray();
        Assert.Equal(EventKinds.All.Order(StringComparer.Ordinal), Enum("#/definitions/event").Order(StringComparer.Ordinal));
        Assert.Equal(BgpEditReader.Groups, Enum("#/definitions/bgpEdit/properties/peer/anyOf/0"));
        Assert.Equal(BgpEditReader.FilterWords.Order(StringComparer.Ordinal),
            Enum("topology.schema.json#/definitions/routeFilter/items/anyOf/0").Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "*" }.Concat(LinkKinds.All), Enum("#/definitions/linkMatch/anyOf/0"));
    }

    /// <summary>
    /// Keeps the schema and the loader in step as the format grows. The loader's readers hold the format's key
    /// lists (YamlReader.AsMap's and SubMap's 'known' keys) and choices (Map.Choice); YamlReader.Record() collects
    /// them with the place in the file where they were read. Loading the kitchen-sink scenario and the library
    /// then gives, for every mapping, the keys the loader accepts there, which must equal the property names of the
    /// schema object at the same path (one of them, where the schema has alternatives such as an include or an
    /// inline topology); and for every choice the values, which must equal the schema's enum. Every strict object
    /// (additionalProperties: false) of the schemas must be met at least once, so a mapping the schema has but no
    /// loaded file exercises (and so is not compared) fails too: extend KitchenSink. Adding a key or a choice to
    /// one side only, or a mapping to the loader the schema does not describe, fails with the path and the
    /// difference. Keys chosen by the file (users: region → count) are not compared.
    /// </summary>
    [Fact]
    public void Schema_describes_exactly_the_keys_and_choices_the_loader_accepts()
    {
        var schemas = LoadSchemaFiles();
        var walker = new SchemaWalker(schemas);
        using var t = new TempScenario();
        var files = new DiskScenarioFiles();
        var loads = new[] { t.Write("kitchen-sink.yaml", KitchenSink), t.Write("kitchen-sink-explicit.yaml", ExplicitKitchenSink),
                t.Write("kitchen-sink-regional-isp.yaml", RegionalIspKitchenSink) }
            .Concat(Directory.EnumerateFiles(RepoPaths.File("scenarios"), "*.yaml").Order(StringComparer.Ordinal)).ToList();
        var known = Directory.EnumerateFiles(RepoPaths.File("scenarios"), "*.yaml", SearchOption.AllDirectories).Concat(loads)
            .Distinct().ToDictionary(files.DisplayName, f => f);

        var mappings = new List<YamlReader.MappingRead>();
        var choices = new List<YamlReader.ChoiceRead>();
        foreach (var path in loads)
        {
            using var recording = YamlReader.Record();
            ScenarioLoader.Load(path);
            mappings.AddRange(recording.Mappings);
            choices.AddRange(recording.Choices);
        }
        Assert.NotEmpty(mappings);

        var places = new Dictionary<string, (SchemaAt Root, Dictionary<(int, int), List<string>> Paths)>();
        (SchemaAt Root, List<string> Path) Place(string display, int line, int column)
        {
            if (!places.TryGetValue(display, out var p))
            {
                Assert.True(known.TryGetValue(display, out var full), $"the loader read {display}, which this test does not know");
                var root = ParseYaml(File.ReadAllText(full));
                places[display] = p = (walker.Root(IsTopologyFile(root) ? TopologySchemaPath : ScenarioSchemaPath), MappingPaths(root));
            }
            return (p.Root, p.Paths[(line, column)]);
        }

        // Problem → the first place it was seen (the same mapping recurs in every file and list item).
        var problems = new Dictionary<string, string>();
        void Problem(string what, string file, int line, int column) => problems.TryAdd(what, $"{Path.GetFileName(file)}:{line}:{column}");
        var reached = new HashSet<JObject>(ReferenceEqualityComparer.Instance);
        foreach (var read in mappings)
        {
            var (root, path) = Place(read.File, read.Line, read.Column);
            var where = $"{Path.GetFileName(root.File)} /{string.Join("/", path)}";
            var candidates = walker.Walk(root, path).SelectMany(walker.Expand).ToList();
            var strict = candidates.Where(c => IsStrict(c.Schema)).Distinct().ToList();
            if (strict.Count == 0)
            {
                // Keys chosen by the file (users: region → count) are described by additionalProperties alone.
                if (!candidates.Any(c => c.Schema["additionalProperties"] is JObject))
                    Problem($"{where}: the loader reads a mapping with keys {string.Join(", ", read.Known)}; the schema describes none here", read.File, read.Line, read.Column);
                continue;
            }
            var keys = read.Known.ToHashSet(StringComparer.Ordinal);
            var match = strict.FirstOrDefault(c => PropertyNames(c.Schema).SetEquals(keys));
            if (match is not null) { reached.Add(match.Schema); continue; }
            reached.UnionWith(strict.Select(c => c.Schema)); // reported here, not again as unreached
            Problem($"{where}: " + string.Join(" / or ", strict.Select(c =>
                $"only the loader accepts [{string.Join(", ", keys.Except(PropertyNames(c.Schema)))}], only the schema has [{string.Join(", ", PropertyNames(c.Schema).Except(keys))}]")),
                read.File, read.Line, read.Column);
        }

        foreach (var read in choices)
        {
            var (root, path) = Place(read.File, read.Line, read.Column);
            var where = $"{Path.GetFileName(root.File)} /{string.Join("/", path)}/{read.Key}";
            var candidates = walker.Walk(root, [.. path, read.Key]).SelectMany(walker.Expand).ToList();
            var values = candidates.SelectMany(c => (c.Schema["enum"] as JArray)?.OfType<JValue>() ?? [])
                .Select(v => v.Type == JTokenType.Boolean ? ((bool)v ? "true" : "false") : (string)v!)
                .Concat(candidates.Any(c => Types(c.Schema).Contains("boolean")) ? new[] { "true", "false" } : []).ToHashSet(StringComparer.Ordinal);
            var open = candidates.Any(c => Types(c.Schema).Overlaps(["string", "number", "integer"]));
            if (candidates.Count == 0)
                Problem($"{where}: the loader reads a choice of {string.Join(", ", read.Choices)}; the schema has no such key", read.File, read.Line, read.Column);
            else if (open || !values.SetEquals(read.Choices))
                Problem($"{where}: the loader accepts {string.Join(", ", read.Choices)}; the schema {(open ? "accepts any text" : $"accepts {string.Join(", ", values)}")}",
                    read.File, read.Line, read.Column);
        }

        foreach (var (file, schema) in schemas)
            foreach (var (pointer, s) in SchemaObjects(schema, "#").Where(x => IsStrict(x.Schema) && !reached.Contains(x.Schema)))
                problems.TryAdd($"{Path.GetFileName(file)} {pointer}: no mapping of the kitchen-sink scenario (SchemaTests.KitchenSink) or the library reaches it, so its keys are not compared with the loader's; add one", "");

        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key} (first at {p.Value})")));
    }

    // ---- helpers ----

    private static string ReplaceOnce(string text, string from, string to)
    {
        var i = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{from}' is not in the kitchen-sink scenario");
        return text[..i] + to + text[(i + from.Length)..];
    }

    private static YamlNode ParseYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    private static bool IsTopologyFile(YamlNode root) => root is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode("generator"));

    /// <summary>The path (keys, "[]" for a list item) of every mapping in a document, by its line and column.</summary>
    private static Dictionary<(int, int), List<string>> MappingPaths(YamlNode root)
    {
        var result = new Dictionary<(int, int), List<string>>();
        void Walk(YamlNode node, List<string> path)
        {
            if (node is YamlMappingNode m)
            {
                result.TryAdd(((int)Math.Max(1, m.Start.Line), (int)Math.Max(1, m.Start.Column)), path);
                foreach (var (key, value) in m.Children) Walk(value, [.. path, (key as YamlScalarNode)?.Value ?? ""]);
            }
            else if (node is YamlSequenceNode s)
                foreach (var item in s.Children) Walk(item, [.. path, "[]"]);
        }
        Walk(root, []);
        return result;
    }

    private static Dictionary<string, JObject> LoadSchemaFiles()
        => new[] { ScenarioSchemaPath, TopologySchemaPath }.ToDictionary(f => f, f => JObject.Parse(File.ReadAllText(f)));

    private static bool IsStrict(JObject schema) => schema["additionalProperties"] is JValue { Type: JTokenType.Boolean } v && !(bool)v;

    private static HashSet<string> PropertyNames(JObject schema)
        => (schema["properties"] as JObject)?.Properties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];

    private static HashSet<string> Types(JObject schema) => schema["type"] switch
    {
        JValue v => [(string)v!],
        JArray a => a.Values<string>().Select(x => x!).ToHashSet(),
        _ => [],
    };

    /// <summary>Every schema object in a schema document, with its JSON pointer (walking keywords, not data).</summary>
    private static IEnumerable<(string Pointer, JObject Schema)> SchemaObjects(JObject schema, string pointer)
    {
        yield return (pointer, schema);
        foreach (var p in schema.Properties())
        {
            IEnumerable<(string Pointer, JToken Value)> children = p.Name switch
            {
                "properties" or "definitions" when p.Value is JObject map => map.Properties().Select(c => ($"{pointer}/{p.Name}/{c.Name}", c.Value)),
                "items" or "additionalProperties" or "not" => [($"{pointer}/{p.Name}", p.Value)],
                "allOf" or "anyOf" or "oneOf" when p.Value is JArray list => list.Select((c, i) => ($"{pointer}/{p.Name}/{i}", c)),
                _ => [],
            };
            foreach (var (childPointer, child) in children)
                if (child is JObject o)
                    foreach (var x in SchemaObjects(o, childPointer)) yield return x;
        }
    }

    /// <summary>The draft-07 meta-schema (json-schema.org), with its 'true' subschemas as {} (the same meaning), which NJsonSchema cannot read.</summary>
    private static Task<JsonSchema> MetaSchema()
    {
        var meta = JObject.Parse(File.ReadAllText(RepoPaths.File("tests/BackboneSim.Model.Tests/Schema/json-schema-draft-07.json")));
        foreach (var token in meta.Descendants().OfType<JProperty>().ToList())
            if (token.Value is JValue { Type: JTokenType.Boolean } b && (bool)b
                && (token.Name == "items" || token.Parent?.Parent is JProperty { Name: "properties" }))
                token.Value = new JObject();
        return JsonSchema.FromJsonAsync(meta.ToString());
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var e in errors)
        {
            yield return e;
            var children = e switch
            {
                ChildSchemaValidationError c => c.Errors.Values.SelectMany(v => v),
                MultiTypeValidationError m => m.Errors.Values.SelectMany(v => v),
                _ => [],
            };
            foreach (var x in Flatten(children)) yield return x;
        }
    }

    private static string Describe(IEnumerable<ValidationError> errors) => string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}"));

    /// <summary>A subschema and the schema file its $refs are relative to.</summary>
    private sealed record SchemaAt(string File, JObject Schema);

    /// <summary>Finds the subschemas that describe a place in a document, following $ref (also across files) and allOf/anyOf/oneOf.</summary>
    private sealed class SchemaWalker(Dictionary<string, JObject> files)
    {
        public SchemaAt Root(string file) => new(file, files[file]);

        /// <summary>The schema and everything it refers to or combines ('not' excluded: it describes what is wrong).</summary>
        public IEnumerable<SchemaAt> Expand(SchemaAt at)
        {
            yield return at;
            if (at.Schema["$ref"] is JValue { Type: JTokenType.String } reference)
                foreach (var x in Expand(Resolve(at.File, (string)reference!))) yield return x;
            foreach (var keyword in new[] { "allOf", "anyOf", "oneOf" })
                if (at.Schema[keyword] is JArray branches)
                    foreach (var branch in branches.OfType<JObject>())
                        foreach (var x in Expand(new SchemaAt(at.File, branch))) yield return x;
        }

        public SchemaAt Resolve(string file, string reference)
        {
            var hash = reference.IndexOf('#');
            var target = hash == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, hash < 0 ? reference : reference[..hash]));
            JToken node = files[target];
            foreach (var part in (hash < 0 ? "" : reference[(hash + 1)..]).Split('/', StringSplitOptions.RemoveEmptyEntries))
                node = (node is JArray list ? list[int.Parse(part, CultureInfo.InvariantCulture)] : node[part])
                       ?? throw new InvalidOperationException($"$ref '{reference}' in {Path.GetFileName(file)} points nowhere");
            return new SchemaAt(target, (JObject)node);
        }

        /// <summary>The subschemas for the value at <paramref name="path"/> (keys, "[]" for a list item) below <paramref name="root"/>.</summary>
        public List<SchemaAt> Walk(SchemaAt root, IEnumerable<string> path)
        {
            var current = new List<SchemaAt> { root };
            foreach (var segment in path)
                current = current.SelectMany(Expand).SelectMany(at => Child(at, segment)).ToList();
            return current;
        }

        private static IEnumerable<SchemaAt> Child(SchemaAt at, string segment)
        {
            if (segment == "[]")
            {
                if (at.Schema["items"] is JObject items) yield return at with { Schema = items };
            }
            else if (at.Schema["properties"]?[segment] is JObject property) yield return at with { Schema = property };
            else if (at.Schema["additionalProperties"] is JObject additional) yield return at with { Schema = additional };
        }
    }
}

/// <summary>
/// YAML to JSON as an editor's YAML language server sees a file (YAML 1.2 core schema): plain scalars that read as
/// null, a boolean or a number become one; quoted scalars stay text. The loader reads every scalar as text, so the
/// schemas accept both forms wherever the loader does.
/// </summary>
internal static partial class YamlToJson
{
    public static JToken Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JObject(m.Children.Select(kv => new JProperty((kv.Key as YamlScalarNode)?.Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode s => new JArray(s.Children.Select(Convert)),
        YamlScalarNode s => Scalar(s),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static JValue Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)) return new JValue(v);
        if (v is "" or "~" or "null" or "Null" or "NULL") return JValue.CreateNull();
        if (v is "true" or "True" or "TRUE") return new JValue(true);
        if (v is "false" or "False" or "FALSE") return new JValue(false);
        if (DecimalInteger().IsMatch(v))
            return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? new JValue(l) : new JValue(BigInteger.Parse(v, CultureInfo.InvariantCulture));
        if (v.StartsWith("0o", StringComparison.Ordinal) && v.Length > 2 && v[2..].All(c => c is >= '0' and <= '7')) return new JValue(System.Convert.ToInt64(v[2..], 8));
        if (v.StartsWith("0x", StringComparison.Ordinal) && v.Length > 2 && v[2..].All(char.IsAsciiHexDigit)) return new JValue(System.Convert.ToInt64(v[2..], 16));
        if (Float().IsMatch(v)) return new JValue(double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));
        if (Infinity().IsMatch(v)) return new JValue(v.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity);
        if (v is ".nan" or ".NaN" or ".NAN") return new JValue(double.NaN);
        return new JValue(v);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)$")]
    private static partial Regex Infinity();
}
