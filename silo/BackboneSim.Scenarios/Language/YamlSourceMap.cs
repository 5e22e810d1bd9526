using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Which file each YAML node of one scenario load came from, so a reader reports every node at its own file even
/// after includes were merged into one tree. Nodes are keyed by reference (YamlDotNet's node equality compares
/// values). A merged node, built by the loader rather than parsed, stands in for an original node: it is reported
/// where that node is.
/// </summary>
public sealed class YamlSourceMap
{
    private readonly Dictionary<YamlNode, string> _files = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<YamlNode, YamlNode> _standIns =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>Record every node of a parsed document (an aliased node once) as coming from <paramref name="file"/>.</summary>
    public void AddDocument(YamlNode root, string file)
    {
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            if (!_files.TryAdd(node, file)) continue;
            switch (node)
            {
                case YamlSequenceNode s:
                    foreach (var child in s.Children) pending.Push(child);
                    break;
                case YamlMappingNode m:
                    foreach (var (key, value) in m.Children) { pending.Push(key); pending.Push(value); }
                    break;
            }
        }
    }

    /// <summary>Report <paramref name="merged"/> (a node the loader built) where <paramref name="original"/> is.</summary>
    public void AddMerged(YamlNode merged, YamlNode original)
        => _standIns[merged] = original;

    /// <summary>The parsed node a node is reported at (itself unless merged), and its file if recorded.</summary>
    public (string? File, YamlNode Node) Locate(YamlNode node)
    {
        while (_standIns.TryGetValue(node, out var original)) node = original;
        return (_files.GetValueOrDefault(node), node);
    }
}
