namespace BackboneSim.Model.Nodes;

/// <summary>
/// The zone content of one authoritative DNS server: the names it holds records for. Like a router's
/// configuration, the content before the first push of each name is kept, so a rollback of that push restores it.
/// </summary>
public sealed class DnsZone(IEnumerable<string> names)
{
    private readonly SortedSet<string> _names = new(names, StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _before = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;
    public bool Holds(string name) => _names.Contains(name);

    /// <summary>Applies a push's edits (keeping the content from before the first push of its name); returns what changed.</summary>
    public (string[] Added, string[] Removed) Apply(string action, IEnumerable<ZoneEdit> edits)
    {
        _before.TryAdd(action, _names.ToArray());
        var target = new SortedSet<string>(_names, StringComparer.Ordinal);
        foreach (var edit in edits)
        {
            target.UnionWith(edit.Add);
            target.ExceptWith(edit.Remove);
        }
        return Become(target);
    }

    /// <summary>Puts back the content from before the push of this name, once; nothing if this server never applied it.</summary>
    public (string[] Added, string[] Removed) Restore(string action)
        => _before.Remove(action, out var names) ? Become(new SortedSet<string>(names, StringComparer.Ordinal)) : ([], []);

    private (string[] Added, string[] Removed) Become(SortedSet<string> target)
    {
        var added = target.Except(_names).ToArray();
        var removed = _names.Except(target).ToArray();
        _names.Clear();
        _names.UnionWith(target);
        return (added, removed);
    }
}
