using System.Globalization;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>Reads a push's <c>flowspec:</c> change item (docs/scenario-format.md): a Flowspec rule (RFC 8955) the
/// targets originate, or the name of one they stop originating.</summary>
public static class FlowspecEditReader
{
    public static readonly string[] Keys = ["rule", "withdraw", "destination", "source", "protocol", "port", "rate_gbps"];
    private static readonly string[] MatchKeys = ["destination", "source", "protocol", "port", "rate_gbps"];

    public static FlowspecEdit? Read(YamlReader r, YamlReader.Map m)
    {
        var errors = r.Errors.Errors.Count;
        var name = m.String("rule", required: true);
        if (name is { Length: 0 or > 100 }) r.Error(m.Get("rule")!, "'rule' is the rule's name: 1 to 100 characters");
        if (m.Choice("withdraw", ["true", "false"]) == "true")
        {
            foreach (var key in MatchKeys.Where(m.Has)) r.Error(m.Get(key)!, $"'{key}' describes a rule to originate; a withdrawal names the rule only");
            return r.Errors.Errors.Count > errors || name is null ? null : new FlowspecEdit { Withdraw = name };
        }
        var destination = PrefixField(r, m, "destination");
        var source = PrefixField(r, m, "source");
        var protocol = Protocol(r, m);
        var ports = Ports(r, m);
        var rate = m.Number("rate_gbps", 0, 1e6);
        if (!m.Has("destination") && !m.Has("source") && !m.Has("protocol") && !m.Has("port"))
            r.Error(m.Node, "a Flowspec rule matches something: give at least one of 'destination', 'source', 'protocol' or 'port' " +
                            "(a rule that matches every packet drops the network's own routing)");
        if (r.Errors.Errors.Count > errors || name is null) return null;
        return new FlowspecEdit
        {
            Rule = new FlowspecRule { Name = name, Destination = destination, Source = source, Protocol = protocol, Ports = ports, RateGbps = rate ?? 0 },
        };
    }

    public static string Describe(FlowspecEdit e) => e.Rule is { } rule
        ? $"flowspec rule {rule.Name}: {rule.Key} → {rule.Action}"
        : $"flowspec withdraw {e.Withdraw}";

    private static string? PrefixField(YamlReader r, YamlReader.Map m, string key)
    {
        if (m.String(key) is not { } text) return null;
        if (Prefix.TryParse(text, out var prefix, out var error)) return prefix.ToString();
        r.Error(m.Get(key)!, $"'{key}' is '{Clip(text)}': {error}");
        return null;
    }

    private static int? Protocol(YamlReader r, YamlReader.Map m)
    {
        if (m.String("protocol") is not { } text) return null;
        if (IpProtocol.Names.TryGetValue(text, out var known)) return known;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 255) return number;
        r.Error(m.Get("protocol")!, $"'protocol' is '{Clip(text)}'; expected {string.Join(", ", IpProtocol.Names.Keys)} or an IP protocol number 0 to 255" +
                                    Suggestions.DidYouMean(text, IpProtocol.Names.Keys));
        return null;
    }

    /// <summary>A port or a list of ports, 1 to 65535.</summary>
    private static int[]? Ports(YamlReader r, YamlReader.Map m)
    {
        if (m.Get("port") is not { } node) return null;
        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        var ports = new List<int>();
        foreach (var item in items)
        {
            var text = r.AsString(item, "a port");
            if (text is null) continue;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535) ports.Add(port);
            else r.Error(item, $"'port' holds '{Clip(text)}'; a port is a whole number from 1 to 65535");
        }
        if (items.Count == 0) r.Error(node, "'port' lists no port; leave it out to match every port");
        return ports.Distinct().Order().ToArray();
    }

    private static string Clip(string s) => s.Length > 60 ? s[..57] + "..." : s;
}
