using System.Globalization;

namespace BackboneSim.Bench.Web;

/// <summary>Median, 95th percentile, range of a sample (nearest rank), formatted for the report.</summary>
public sealed record Stats(int Count, double Min, double Median, double P95, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new Stats(sorted.Length, sorted[0], sorted[sorted.Length / 2],
            sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.95))], sorted[^1]);
    }

    public string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString("N0", CultureInfo.InvariantCulture) + " ms";
    public string MedianAndRange => Count == 0 ? "-" : $"{Ms(Median)} ({Ms(Min)}–{Ms(Max)})";
}
