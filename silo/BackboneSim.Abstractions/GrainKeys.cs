namespace BackboneSim.Abstractions;

/// <summary>Node grains are keyed "runId/nodeIndex", so runs sharing a cluster never share a grain.</summary>
public static class GrainKeys
{
    public static string Node(string runId, int node) => $"{runId}/{node}";

    public static (string RunId, int Node) ParseNode(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), out var node))
            throw new ArgumentException($"'{key}' is not a node grain key (runId/node)");
        return (key[..slash], node);
    }
}
