namespace BackboneSim.Engine;

/// <summary>
/// Watches the timeline as each window closes and may answer with messages to nodes: how a scenario reacts to the
/// state of the run (a trigger's condition became true, a rollout's health check) without a node having to see
/// every event. It sees the same events in the same order under every runtime and silo count, and its messages
/// are delivered no earlier than the end of the window it watched, so runs stay deterministic.
/// </summary>
public interface IWindowObserver
{
    IReadOnlyList<ObserverMessage> OnWindow(long windowStartMs, long windowEndMs, IReadOnlyList<LoggedEvent> events);
}

/// <summary>
/// A message from an observer: to a node, at a time (moved up to the window's end if earlier), caused by an event
/// of the window just watched (its id), or by none.
/// </summary>
public readonly record struct ObserverMessage(int To, long DeliverAtMs, object Payload, long? CauseEventId);
