using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// A map from prefixes to values as a binary trie, one bit a level, one root per address family: exact get, insert,
/// remove, and longest-prefix match (RFC 1812 §5.2.4.3: of the routes whose prefix covers the destination, the one
/// with the longest prefix wins). A plain unibit trie (the textbook structure routers' tree bitmaps and Patricia
/// tries compress): lookups cost at most 32 or 128 steps whatever the table's size, which is what the simulator
/// needs; it does not model a line card's lookup memory.
/// </summary>
/// <remarks>
/// Enumeration is depth first, the 0 branch before the 1 branch, IPv4 before IPv6: the order of
/// <see cref="Prefix.CompareTo"/> (address, then shorter first), the same on every run and runtime.
/// </remarks>
public sealed class PrefixTrie<T>
{
    private sealed class Node
    {
        public Node? Zero, One;
        public bool HasValue;
        public Prefix Prefix;
        public T Value = default!;
        public Node? Child(int bit) => bit == 0 ? Zero : One;
    }

    private readonly Node _v4 = new(), _v6 = new();

    /// <summary>Number of prefixes held.</summary>
    public int Count { get; private set; }

    private Node Root(Prefix p) => p.IsIPv4 ? _v4 : _v6;

    /// <summary>Sets the value of <paramref name="prefix"/>; true when it was not held before.</summary>
    public bool Set(Prefix prefix, T value)
    {
        var node = Root(prefix);
        for (var i = 0; i < prefix.Length; i++)
        {
            if (prefix.Bit(i) == 0) node = node.Zero ??= new Node();
            else node = node.One ??= new Node();
        }
        var added = !node.HasValue;
        (node.HasValue, node.Prefix, node.Value) = (true, prefix, value);
        if (added) Count++;
        return added;
    }

    /// <summary>Removes <paramref name="prefix"/> (and the branch left empty); true when it was held.</summary>
    public bool Remove(Prefix prefix)
    {
        var path = new Node[prefix.Length + 1];
        var node = Root(prefix);
        path[0] = node;
        for (var i = 0; i < prefix.Length; i++)
        {
            node = node.Child(prefix.Bit(i));
            if (node is null) return false;
            path[i + 1] = node;
        }
        if (!node.HasValue) return false;
        (node.HasValue, node.Value) = (false, default!);
        Count--;
        // Prune nodes that now hold nothing and lead nowhere, so memory follows what is held.
        for (var i = prefix.Length; i > 0; i--)
        {
            var n = path[i];
            if (n.HasValue || n.Zero is not null || n.One is not null) break;
            if (prefix.Bit(i - 1) == 0) path[i - 1].Zero = null; else path[i - 1].One = null;
        }
        return true;
    }

    /// <summary>The value held for exactly <paramref name="prefix"/>.</summary>
    public bool TryGet(Prefix prefix, [MaybeNullWhen(false)] out T value)
    {
        var node = Find(prefix);
        value = node is { HasValue: true } ? node.Value : default;
        return node is { HasValue: true };
    }

    public bool Contains(Prefix prefix) => Find(prefix) is { HasValue: true };

    private Node? Find(Prefix prefix)
    {
        var node = Root(prefix);
        for (var i = 0; i < prefix.Length && node is not null; i++) node = node.Child(prefix.Bit(i));
        return node;
    }

    /// <summary>
    /// Longest-prefix match: the held prefix that contains <paramref name="destination"/> (an address as a host
    /// prefix, or a prefix: then the held prefix must be at most as long) with the greatest length.
    /// </summary>
    public bool TryLongestMatch(Prefix destination, out Prefix matched, [MaybeNullWhen(false)] out T value)
    {
        Node? best = null;
        var node = Root(destination);
        for (var i = 0; ; i++)
        {
            if (node.HasValue) best = node;
            if (i == destination.Length) break;
            var next = node.Child(destination.Bit(i));
            if (next is null) break;
            node = next;
        }
        matched = best?.Prefix ?? default;
        value = best is null ? default : best.Value;
        return best is not null;
    }

    public bool TryLongestMatch(IPAddress destination, out Prefix matched, [MaybeNullWhen(false)] out T value) =>
        TryLongestMatch(Prefix.Host(destination), out matched, out value);

    /// <summary>Every held prefix and its value, in <see cref="Prefix"/> order.</summary>
    public IEnumerable<KeyValuePair<Prefix, T>> Entries()
    {
        foreach (var root in new[] { _v4, _v6 })
        {
            var stack = new Stack<Node>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                if (n.HasValue) yield return new(n.Prefix, n.Value);
                if (n.One is not null) stack.Push(n.One);
                if (n.Zero is not null) stack.Push(n.Zero);
            }
        }
    }

    /// <summary>Every held prefix inside <paramref name="covering"/> (itself included), in <see cref="Prefix"/> order.</summary>
    public IEnumerable<KeyValuePair<Prefix, T>> EntriesWithin(Prefix covering)
    {
        var start = Find(covering);
        if (start is null) yield break;
        var stack = new Stack<Node>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.HasValue) yield return new(n.Prefix, n.Value);
            if (n.One is not null) stack.Push(n.One);
            if (n.Zero is not null) stack.Push(n.Zero);
        }
    }
}
