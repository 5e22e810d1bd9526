using System.Collections;

namespace BackboneSim.Web.Runs;

/// <summary>
/// A list that only grows, written by one thread (a run's loop), whose prefixes are immutable views for any other
/// thread (<see cref="Freeze"/>). Safe without a lock because an element, once written below a published count, is
/// never written again: growing copies into a new array and leaves the old one as it was, so a view keeps reading
/// the array it was given. Readers get the view through a volatile publish (<see cref="RunSnapshot"/>).
/// </summary>
public sealed class AppendList<T>
{
    private T[] _items = new T[16];

    public int Count { get; private set; }

    /// <summary>For the writer only.</summary>
    public T this[int index] => (uint)index < (uint)Count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = item;
    }

    public void AddRange(IEnumerable<T> items)
    {
        foreach (var item in items) Add(item);
    }

    /// <summary>The first <paramref name="count"/> elements (default: all there are now), as a view no later <see cref="Add"/> changes.</summary>
    public Frozen<T> Freeze(int? count = null) => new(_items, Math.Min(count ?? Count, Count));
}

/// <summary>The first <see cref="Count"/> elements of an <see cref="AppendList{T}"/>: immutable, readable from any thread.</summary>
public sealed class Frozen<T>(T[] items, int count) : IReadOnlyList<T>
{
    public int Count { get; } = count;

    public T this[int index] => (uint)index < (uint)Count ? items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Up to <paramref name="max"/> elements from <paramref name="from"/> (clamped to the view), copied.</summary>
    public IReadOnlyList<T> Slice(int from, int max)
    {
        from = Math.Clamp(from, 0, Count);
        return items.AsSpan(from, Math.Min(max, Count - from)).ToArray();
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
