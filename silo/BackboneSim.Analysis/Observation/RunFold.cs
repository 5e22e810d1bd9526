using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// A run's events folded once, into the state every reader of the run shares: the aggregate <see cref="RunState"/>
/// (series, summary, expectations' samples) and the services' <see cref="ServiceLedger"/> (downtime, user-minutes).
/// Readers (key moments, expectations, the incident report, the --series file) are told of each event before and after
/// the state takes it, so each reads the state as of the instant it needs: a series row or an expectation's sample at
/// T sees every event up to T, a key moment compares before with after. Each of them used to keep a state of its own,
/// so a CLI run folded every event five or six times.
/// </summary>
public sealed class RunFold : IEventSink
{
    private readonly List<IRunFoldReader> _readers = new();

    public RunFold(SimulationFactory factory)
    {
        State = new RunState(factory);
        Services = new ServiceLedger(factory);
    }

    public RunState State { get; }
    public ServiceLedger Services { get; }

    /// <summary>Adds a reader; readers are told in the order they were added.</summary>
    public void Add(IRunFoldReader reader) => _readers.Add(reader);

    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
        {
            foreach (var r in _readers) r.BeforeEvent(e);
            State.Apply(e);
            Services.Apply(e);
            foreach (var r in _readers) r.AfterEvent(e);
        }
        foreach (var r in _readers) r.AfterWindow(windowStartMs);
    }

    public void OnFinished(long endMs)
    {
        Services.OnFinished(endMs);
        foreach (var r in _readers) r.Finished(endMs);
    }
}

/// <summary>Something that reads a <see cref="RunFold"/>'s state as the run's events arrive.</summary>
public interface IRunFoldReader
{
    /// <summary>The state has not taken <paramref name="e"/> yet: it is as of every event before it.</summary>
    void BeforeEvent(LoggedEvent e) { }

    /// <summary>The state has taken <paramref name="e"/>.</summary>
    void AfterEvent(LoggedEvent e) { }

    /// <summary>A window's events are all in; the engine has moved to <paramref name="windowStartMs"/>.</summary>
    void AfterWindow(long windowStartMs) { }

    /// <summary>The run ended at <paramref name="endMs"/>; the services' ledger is closed.</summary>
    void Finished(long endMs) { }
}
