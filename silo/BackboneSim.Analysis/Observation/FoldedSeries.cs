using BackboneSim.Engine;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// The --series file written from a <see cref="RunFold"/>'s state: the sampler is given the fold's state and is never
/// fed events itself (that would apply them twice); it only writes the rows the fold has moved past.
/// </summary>
public sealed class FoldedSeries(SeriesSampler sampler) : IRunFoldReader
{
    public void BeforeEvent(LoggedEvent e) => sampler.WriteRowsBefore(e.Ms);
    public void AfterWindow(long windowStartMs) => sampler.WriteRowsBefore(windowStartMs);
    public void Finished(long endMs) => sampler.OnFinished(endMs);
}
