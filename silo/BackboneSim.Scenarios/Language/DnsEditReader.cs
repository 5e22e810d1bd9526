using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads what names DNS is made of: a service's or a delegation's <c>nameservers</c>, and a push's <c>zone:</c> and
/// <c>delegation:</c> change items (docs/scenario-format.md).
/// </summary>
public static class DnsEditReader
{
    public static readonly string[] ZoneKeys = ["add", "remove"];
    public static readonly string[] DelegationKeys = ["name", "nameservers"];

    /// <summary>
    /// A list of nameservers: operator DNS prefixes (from <c>dns.prefixes</c>) or <c>external:&lt;label&gt;</c>,
    /// each once, at least one. Null when absent or wrong.
    /// </summary>
    public static string[]? Nameservers(YamlReader r, YamlReader.Map m, IReadOnlyCollection<string> dnsPrefixes, bool required = false)
    {
        if (m.Sequence("nameservers", required) is not { } list) return null;
        var errors = r.Errors.Errors.Count;
        var result = new List<string>();
        foreach (var n in list)
        {
            if (r.AsString(n, "a nameserver") is not { } ns) continue;
            if (Nameserver.IsExternal(ns))
            {
                var label = ns[Nameserver.ExternalPrefix.Length..];
                if (!TopologyLoader.IsPlainName(label))
                    r.Error(n, $"'{ns}' needs a label of letters, digits, '-' and '_' after 'external:', like external:secondary-dns");
                else if (result.Contains(ns)) r.Error(n, $"nameserver {ns} is listed twice");
                else result.Add(ns);
            }
            else if (!dnsPrefixes.Contains(ns))
                r.Error(n, $"nameserver '{ns}' is not one of the operator's DNS prefixes ({(dnsPrefixes.Count == 0 ? "none under dns.prefixes" : string.Join(", ", dnsPrefixes))}) " +
                           $"or another provider's, written external:<label>{Suggestions.DidYouMean(ns, dnsPrefixes)}");
            else if (result.Contains(ns)) r.Error(n, $"nameserver {ns} is listed twice");
            else result.Add(ns);
        }
        if (list.Count == 0) r.Error(m.Get("nameservers")!, "'nameservers' must list at least one nameserver");
        return r.Errors.Errors.Count > errors ? null : result.ToArray();
    }

    /// <summary>A <c>zone:</c> change: names to add to or remove from the target DNS servers' zone.</summary>
    public static ZoneEdit? Zone(YamlReader r, YamlReader.Map m, NetworkTopology topology)
    {
        var errors = r.Errors.Errors.Count;
        if (!m.Has("add") && !m.Has("remove")) r.Error(m.Node, "a 'zone' change needs 'add', 'remove' or both: lists of service names");
        var edit = new ZoneEdit { Add = Names(r, m, "add", topology), Remove = Names(r, m, "remove", topology) };
        return r.Errors.Errors.Count > errors ? null : edit;
    }

    /// <summary>A <c>delegation:</c> change: the parent zone delegates a service's name to these nameservers.</summary>
    public static DelegationEdit? Delegation(YamlReader r, YamlReader.Map m, NetworkTopology topology)
    {
        var errors = r.Errors.Errors.Count;
        var name = m.String("name", required: true);
        if (name is not null && m.Get("name") is { } node) CheckService(r, node, name, topology);
        var nameservers = Nameservers(r, m, DnsPrefixes(topology), required: true);
        return r.Errors.Errors.Count > errors || name is null || nameservers is null ? null : new DelegationEdit { Service = name, Nameservers = nameservers };
    }

    public static IReadOnlyCollection<string> DnsPrefixes(NetworkTopology topology)
        => topology.DnsPrefixes.Concat(topology.AnycastPrefixes).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray();

    public static string Describe(ZoneEdit e)
        => string.Join(", ", new[] { ("add", e.Add), ("remove", e.Remove) }.Where(x => x.Item2.Length > 0).Select(x => $"zone {x.Item1} [{string.Join(", ", x.Item2)}]"));

    public static string Describe(DelegationEdit e) => $"delegation of {e.Service} to [{string.Join(", ", e.Nameservers)}] (parent zone)";

    private static string[] Names(YamlReader r, YamlReader.Map m, string key, NetworkTopology topology)
    {
        var names = new List<string>();
        foreach (var n in m.Sequence(key) ?? [])
            if (r.AsString(n, "a service name") is { } name && CheckService(r, n, name, topology)) names.Add(name);
        return names.ToArray();
    }

    /// <summary>Zone and delegation edits name the operator's services; a third-party service has no records of its own.</summary>
    private static bool CheckService(YamlReader r, YamlDotNet.RepresentationModel.YamlNode node, string name, NetworkTopology topology)
    {
        var service = topology.Services.FirstOrDefault(s => s.Name == name);
        if (service is null)
        {
            r.Error(node, $"no service named '{name}'{Suggestions.DidYouMean(name, topology.Services.Where(s => !s.ThirdParty).Select(s => s.Name))}");
            return false;
        }
        if (service.ThirdParty)
        {
            r.Error(node, $"'{name}' is a third-party service: its names are not in the operator's DNS");
            return false;
        }
        return true;
    }
}
