using System.Collections;
using BackboneSim.Engine;

namespace BackboneSim.Web.Runs;

/// <summary>
/// The first <see cref="Count"/> events of a run's computed list, readable outside the run's lock: a request can
/// take this view under the lock and then walk 44,000 events without holding the lock or copying the list. Safe
/// because the log only ever appends: elements below the count are never written again, and when the list grows
/// it copies them into a new array before publishing it, so a reader sees the same element in either array. It
/// never uses the list's enumerator, which would throw once the loop appends.
/// </summary>
public sealed class ReleasedEvents(List<LoggedEvent> computed, int count) : IReadOnlyList<LoggedEvent>
{
    public int Count { get; } = count;

    public LoggedEvent this[int index] => (uint)index < (uint)Count ? computed[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The event with this id: ids are 1, 2, 3… with no gaps, so it is at index id - 1.</summary>
    public LoggedEvent? ById(long id) => id >= 1 && id <= Count ? computed[(int)id - 1] : null;

    public IEnumerator<LoggedEvent> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return computed[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
