namespace BackboneSim.Engine;

/// <summary>Receives the timeline as it is made: one call per window, events in (ms, id) order.</summary>
public interface IEventSink
{
    void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events);

    /// <summary>The run reached <paramref name="endMs"/> (its end or --until): flush what is pending up to there.</summary>
    void OnFinished(long endMs);
}

/// <summary>Fans one timeline out to several sinks, in the order given.</summary>
public sealed class CompositeSink(IReadOnlyList<IEventSink> sinks) : IEventSink
{
    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var s in sinks) s.OnWindow(windowStartMs, events);
    }

    public void OnFinished(long endMs)
    {
        foreach (var s in sinks) s.OnFinished(endMs);
    }
}
