using BackboneSim.Engine;

namespace BackboneSim.Engine.Tests;

public class SeriesSamplerTests
{
    private sealed class Counter : ISeriesState
    {
        private double _n;
        public IReadOnlyList<string> Columns => ["count"];
        public void Apply(LoggedEvent e) => _n += e.Value;
        public void Read(Span<double> values) => values[0] = _n;
    }

    [Fact]
    public void A_row_at_T_includes_events_at_T_and_rows_run_to_the_end()
    {
        var text = new StringWriter();
        var sampler = new SeriesSampler(text, new DateTimeOffset(2021, 10, 4, 15, 30, 0, TimeSpan.Zero), 10, new Counter());
        static LoggedEvent E(long ms, double v) => new() { Id = ms, Ms = ms, Kind = "k", Value = v };
        sampler.OnWindow(0, [E(0, 1), E(5, 1)]);
        sampler.OnWindow(10, [E(10, 1), E(25, 1)]);
        sampler.OnFinished(40);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("t,ms,count", lines[0]);
        Assert.Equal(
        [
            "2021-10-04T15:30:00.000Z,0,1", "2021-10-04T15:30:00.010Z,10,3", "2021-10-04T15:30:00.020Z,20,3",
            "2021-10-04T15:30:00.030Z,30,4", "2021-10-04T15:30:00.040Z,40,4",
        ], lines[1..]);
    }
}
