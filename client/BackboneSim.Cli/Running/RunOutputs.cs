using System.Text;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Observation;

namespace BackboneSim.Cli.Running;

/// <summary>The files and observers a run feeds: --events, --series, and the key moments of the summary.</summary>
public sealed class RunOutputs : IDisposable
{
    private readonly List<TextWriter> _writers = new();

    public RunOutputs(SimulationFactory factory, RunSettings settings)
    {
        var start = factory.Scenario.Start;
        Moments = new KeyMoments(factory);
        var sinks = new List<IEventSink> { Moments };
        if (settings.EventsPath is { } events) sinks.Add(new JsonLinesEventWriter(Open(events), start));
        if (settings.SeriesPath is { } series) sinks.Add(new SeriesSampler(Open(series), start, settings.SampleMs, new RunState(factory)));
        if (settings.ReportPath is { } report)
        {
            Report = new IncidentReport(factory);
            _reportWriter = Open(report);
            sinks.Add(Report);
        }
        Expectations = new ExpectationChecker(factory);
        if (Expectations.Any) sinks.Add(Expectations);
        Sink = new CompositeSink(sinks);
    }

    public ExpectationChecker Expectations { get; }

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
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        _writers.Add(writer);
        return writer;
    }

    public void Dispose()
    {
        foreach (var w in _writers) w.Dispose();
    }
}
