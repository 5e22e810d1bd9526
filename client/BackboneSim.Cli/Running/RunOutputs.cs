using BackboneSim.Analysis.Expectations;
using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Teaching;
using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Cli.Running;

/// <summary>The files and observers a run feeds: --events, --series, --narration, and the key moments of the summary.</summary>
public sealed class RunOutputs : IDisposable
{
    private readonly List<TextWriter> _writers = new();

    /// <param name="showNarration">Called as each narration item fires (the CLI prints it), after --narration has it.</param>
    public RunOutputs(SimulationFactory factory, RunSettings settings, Action<FiredNarration>? showNarration = null)
    {
        var start = factory.Scenario.Start;
        // One fold of the run's events that the key moments, the series file, the report and the expectations all read.
        var fold = new RunFold(factory);
        Moments = new KeyMoments(fold, factory);
        var sinks = new List<IEventSink> { fold };
        if (settings.EventsPath is { } events) sinks.Add(new JsonLinesEventWriter(Open(events), start));
        if (settings.SeriesPath is { } series) _ = new FoldedSeries(fold, Open(series), start, settings.SampleMs);
        if (settings.ReportPath is { } report)
        {
            Report = new IncidentReport(fold, Moments, factory.Scenario);
            _reportWriter = Open(report);
        }
        if (settings.NarrationPath is not null || factory.Scenario.Narration.Count > 0)
        {
            var file = settings.NarrationPath is { } path ? new NarrationJsonWriter(Open(path), start) : null;
            Narration = new NarrationFollower(factory.Scenario, fired =>
            {
                // Flushed at once: a reader following the file (a web client, tail -f) sees each item as it fires.
                file?.Write(fired);
                file?.Flush();
                showNarration?.Invoke(fired);
            });
            sinks.Add(Narration);
        }
        Expectations = new ExpectationChecker(fold, factory.Scenario);
        Sink = new CompositeSink(sinks);
    }

    public ExpectationChecker Expectations { get; }

    /// <summary>Fires the scenario's narration; null when it has none and no --narration file was asked for.</summary>
    public NarrationFollower? Narration { get; }

    public KeyMoments Moments { get; }
    public IncidentReport? Report { get; }
    private readonly TextWriter? _reportWriter;

    /// <summary>The report is written once the run is over (it needs the whole timeline).</summary>
    public void WriteReport()
    {
        if (Report is null || _reportWriter is null) return;
        Report.Write(_reportWriter);
        _reportWriter.Flush();
    }
    public IEventSink Sink { get; }

    private TextWriter Open(string path)
    {
        var writer = OutputFiles.Open(path);
        _writers.Add(writer);
        return writer;
    }

    /// <summary>Flushes and closes every file; the first write that failed, or null.</summary>
    public OutputWriteException? Close()
    {
        OutputWriteException? first = null;
        foreach (var w in _writers)
        {
            try { w.Dispose(); }
            catch (OutputWriteException ex) { first ??= ex; }
        }
        _writers.Clear();
        return first;
    }

    public void Dispose() => Close();
}
