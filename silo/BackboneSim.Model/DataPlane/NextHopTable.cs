namespace BackboneSim.Model.DataPlane;

/// <summary>
/// A router's loopback routes, by router ordinal, stored compactly: each entry is a number into the router's own list
/// of distinct next-hop sets. A router has few distinct sets (subsets of its interfaces) and an entry per router of its
/// IGP, so the table costs one int per entry instead of a reference, and a change to every entry through one interface
/// (local repair) is worked out once per set. Every router holds such a table twice (what its control plane asked for,
/// what its hardware has): at 10,000 routers that is what decides the memory a run needs.
/// </summary>
[GenerateSerializer]
public sealed class NextHopTable
{
    /// <summary>Per ordinal: 0 for no entry, k for <see cref="Sets"/>[k − 1].</summary>
    [Id(0)] public int[] Index { get; private set; } = [];
    /// <summary>The distinct sets in use (and some no longer used), each sorted, never changed once listed.</summary>
    [Id(1)] public List<NextHop[]> Sets { get; private set; } = [];
    [NonSerialized] private Dictionary<NextHop[], int>? _numbers;

    public NextHopTable() { }

    /// <summary>A table of <paramref name="length"/> ordinals, all without an entry.</summary>
    public NextHopTable(int length) => Index = new int[length];

    /// <summary>The table of these sets by ordinal (null or empty: no entry).</summary>
    public static NextHopTable From(IReadOnlyList<NextHop[]?> sets)
    {
        var table = new NextHopTable(sets.Count);
        for (var i = 0; i < sets.Count; i++) table[i] = sets[i];
        return table;
    }

    public int Length => Index.Length;

    /// <summary>The next hops towards an ordinal, sorted; null when there is no entry.</summary>
    public NextHop[]? this[int ordinal]
    {
        get => Index[ordinal] == 0 ? null : Sets[Index[ordinal] - 1];
        set => Index[ordinal] = NumberOf(value);
    }

    /// <summary>How many ordinals have an entry.</summary>
    public int Count => Index.Count(i => i != 0);

    /// <summary>A copy that changes apart from this one (the sets themselves are shared: they never change).</summary>
    public NextHopTable Clone() => new() { Index = (int[])Index.Clone(), Sets = [.. Sets] };

    /// <summary>Removes every entry.</summary>
    public void Clear() => Array.Clear(Index);

    /// <summary>Every entry drops its next hops through interface <paramref name="link"/>; an entry left with none is
    /// removed. Returns the entries changed.</summary>
    public int RemoveInterface(int link)
    {
        var replace = new Dictionary<int, int>();
        for (var k = 0; k < Sets.Count; k++)
        {
            var set = Sets[k];
            if (Array.FindIndex(set, h => h.Interface == link) < 0) continue;
            replace[k + 1] = NumberOf(set.Where(h => h.Interface != link).ToArray());
        }
        if (replace.Count == 0) return 0;
        var changed = 0;
        for (var i = 0; i < Index.Length; i++)
            if (Index[i] != 0 && replace.TryGetValue(Index[i], out var now)) { Index[i] = now; changed++; }
        return changed;
    }

    /// <summary>The number of a set, listing it if it is new (by content: two equal sets share one number).</summary>
    private int NumberOf(NextHop[]? set)
    {
        if (set is null || set.Length == 0) return 0;
        if (_numbers is null)
        {
            _numbers = new Dictionary<NextHop[], int>(SetComparer.Instance);
            for (var k = 0; k < Sets.Count; k++) _numbers.TryAdd(Sets[k], k + 1);
        }
        if (_numbers.TryGetValue(set, out var known)) return known;
        Sets.Add(set);
        return _numbers[set] = Sets.Count;
    }

    private sealed class SetComparer : IEqualityComparer<NextHop[]>
    {
        public static readonly SetComparer Instance = new();
        public bool Equals(NextHop[]? a, NextHop[]? b) => NextHop.SameSet(a, b);
        public int GetHashCode(NextHop[] set)
        {
            var hash = new HashCode();
            foreach (var hop in set) hash.Add(hop);
            return hash.ToHashCode();
        }
    }
}
