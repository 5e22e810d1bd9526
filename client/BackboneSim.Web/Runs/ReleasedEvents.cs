using System.Collections;
using BackboneSim.Engine;

namespace BackboneSim.Web.Runs;

/// <summary>
/// A run's released events as a <see cref="RunLogView"/> holds them: an immutable prefix of the computed events, so
/// a why-question walks 44,000 events on its own thread without the run's loop and without copying the list.
/// </summary>
public sealed class ReleasedEvents(Frozen<LoggedEvent> events) : IReadOnlyList<LoggedEvent>
{
    public int Count => events.Count;

    public LoggedEvent this[int index] => events[index];

    /// <summary>The event with this id: ids are 1, 2, 3… with no gaps, so it is at index id - 1.</summary>
    public LoggedEvent? ById(long id) => id >= 1 && id <= Count ? events[(int)id - 1] : null;

    public IEnumerator<LoggedEvent> GetEnumerator() => events.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
