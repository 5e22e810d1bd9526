namespace BackboneSim.Model.DataPlane;

/// <summary>
/// A router's loopback routes, by router ordinal, stored compactly: each entry is a number into the router's own list
/// of distinct next-hop sets. A router has few distinct sets (subsets of its interfaces) and an entry per router of its
/// IGP, so the table costs one int per entry instead of a reference, and a change to every entry through one interface
/// (local repair) is worked out once per set. Every router holds such a table twice (what its control plane asked for,
/// what its hardware has): at 10,000 routers that is what decides the memory a run needs, so the numbers are 16-bit
/// (a router has far fewer distinct sets than that: they are subsets of its interfaces no wider than its ECMP limit);
/// when the list would pass 65,535 it is compacted to the sets in use.
/// </summary>
[GenerateSerializer]
public sealed class NextHopTable
{
    /// <summary>Per ordinal: 0 for no entry, k for <see cref="Sets"/>[k − 1].</summary>
    [Id(0)] public ushort[] Index { get; private set; } = [];
    /// <summary>The distinct sets in use (and some no longer used), each sorted, never changed once listed.</summary>
    [Id(1)] public List<NextHop[]> Sets { get; private set; } = [];
    [NonSerialized] private Dictionary<NextHop[], int>? _numbers;

    public NextHopTable() { }

    /// <summary>A table of <paramref name="length"/> ordinals, all without an entry.</summary>
    public NextHopTable(int length) => Index = new ushort[length];

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
    public NextHopTable Clone() => new() { Index = (ushort[])Index.Clone(), Sets = [.. Sets] };

    /// <summary>Removes every entry.</summary>
    public void Clear() => Array.Clear(Index);

    /// <summary>Every entry drops its next hops through interface <paramref name="link"/>; an entry left with none is
    /// removed. Returns the entries changed.</summary>
    public int RemoveInterface(int link)
    {
        // Each set may give one new set below: make room first, so no compaction renumbers the sets mid-loop.
        if (2L * Sets.Count >= ushort.MaxValue) Compact();
        var replace = new Dictionary<int, ushort>();
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
    private ushort NumberOf(NextHop[]? set)
    {
        if (set is null || set.Length == 0) return 0;
        if (Sets.Count == ushort.MaxValue && !(_numbers?.ContainsKey(set) ?? Sets.Contains(set, SetComparer.Instance))) Compact();
        if (_numbers is null)
        {
            _numbers = new Dictionary<NextHop[], int>(SetComparer.Instance);
            for (var k = 0; k < Sets.Count; k++) _numbers.TryAdd(Sets[k], k + 1);
        }
        if (_numbers.TryGetValue(set, out var known)) return (ushort)known;
        Sets.Add(set);
        return (ushort)(_numbers[set] = Sets.Count);
    }

    /// <summary>Keeps only the sets some entry uses, renumbered in their old order.</summary>
    private void Compact()
    {
        var used = new bool[Sets.Count + 1];
        foreach (var i in Index) used[i] = true;
        var renumber = new ushort[Sets.Count + 1];
        var kept = new List<NextHop[]>();
        for (var k = 1; k <= Sets.Count; k++)
            if (used[k]) { kept.Add(Sets[k - 1]); renumber[k] = (ushort)kept.Count; }
        if (kept.Count == ushort.MaxValue)
            throw new InvalidOperationException($"a router uses {kept.Count:N0} distinct ECMP next-hop sets at once, more than a loopback table can number; lower ecmp_max_paths");
        for (var i = 0; i < Index.Length; i++) Index[i] = renumber[Index[i]];
        Sets = kept;
        _numbers = null;
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
