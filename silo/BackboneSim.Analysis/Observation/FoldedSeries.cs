using BackboneSim.Engine;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// The --series file written from a <see cref="RunFold"/>'s state: its sampler reads the fold's state and is never
/// fed events itself (that would apply them twice); it only writes the rows the fold has moved past.
/// </summary>
public sealed class FoldedSeries : IRunFoldReader
{
    private readonly SeriesSampler _sampler;

    /// <summary>Writes a row every <paramref name="intervalMs"/> of <paramref name="fold"/>'s state to <paramref name="writer"/>; joins the fold.</summary>
    public FoldedSeries(RunFold fold, TextWriter writer, DateTimeOffset scenarioStart, long intervalMs)
    {
        _sampler = new SeriesSampler(writer, scenarioStart, intervalMs, fold.State);
        fold.Add(this);
    }

    public void BeforeEvent(LoggedEvent e) => _sampler.WriteRowsBefore(e.Ms);
    public void AfterWindow(long windowStartMs) => _sampler.WriteRowsBefore(windowStartMs);
    public void Finished(long endMs) => _sampler.OnFinished(endMs);
}
