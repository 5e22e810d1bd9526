using System.Collections;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router's link-state database, by router ordinal, stored copy-on-write in chunks of 64 LSAs: every router starts
/// by sharing the chunks of the domain's converged database (<see cref="IgpDomain.InitialChunks"/>, never changed) and
/// copies a chunk only when an LSA in it changes. A failure that changes a few routers' LSAs (a cut, a drain) costs
/// each router a few chunks instead of a reference per router of the network: at 10,000 routers a private array each
/// was 800 MB, the largest thing a run held.
/// </summary>
public sealed class LinkStateDatabase : IReadOnlyList<Lsa?>
{
    public const int ChunkShift = 6, ChunkSize = 1 << ChunkShift;

    private readonly Lsa?[][] _chunks;
    /// <summary>Which chunks are this router's own copies (the others are the domain's, shared).</summary>
    private readonly bool[] _own;

    public LinkStateDatabase(IgpDomain domain) : this(domain.InitialChunks, domain.RouterCount) { }

    /// <param name="shared">The chunks to start from (<see cref="Chunks"/>); they are never written.</param>
    public LinkStateDatabase(Lsa?[][] shared, int count)
    {
        Count = count;
        _chunks = (Lsa?[][])shared.Clone();
        _own = new bool[_chunks.Length];
    }

    public int Count { get; }

    public Lsa? this[int ordinal] => _chunks[ordinal >> ChunkShift][ordinal & (ChunkSize - 1)];

    /// <summary>Installs (or, with null, forgets) the LSA of router ordinal <paramref name="ordinal"/>.</summary>
    public void Set(int ordinal, Lsa? lsa)
    {
        var c = ordinal >> ChunkShift;
        if (!_own[c])
        {
            if (ReferenceEquals(_chunks[c][ordinal & (ChunkSize - 1)], lsa)) return;
            _chunks[c] = (Lsa?[])_chunks[c].Clone();
            _own[c] = true;
        }
        _chunks[c][ordinal & (ChunkSize - 1)] = lsa;
    }

    /// <summary>How many routers' LSAs are held.</summary>
    public int Known()
    {
        var n = 0;
        for (var i = 0; i < Count; i++) if (this[i] is not null) n++;
        return n;
    }

    public IEnumerator<Lsa?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The domain's converged database cut into chunks, for every router to share.</summary>
    public static Lsa?[][] Chunks(Lsa[] initial)
    {
        var chunks = new Lsa?[(initial.Length + ChunkSize - 1) >> ChunkShift][];
        for (var c = 0; c < chunks.Length; c++)
        {
            chunks[c] = new Lsa?[ChunkSize];
            Array.Copy(initial, c << ChunkShift, chunks[c], 0, Math.Min(ChunkSize, initial.Length - (c << ChunkShift)));
        }
        return chunks;
    }
}
