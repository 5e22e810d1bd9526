using System.Globalization;

namespace BackboneSim.Model.Expectations;

/// <summary>
/// The values a series column can take (docs/outputs.md#series): fractions stay within 0 to 1, and every other column
/// counts, measures or rates something, so it is never negative. A condition outside that range can never hold; it is
/// an error when the scenario is validated, not a failure at the end of the run.
/// </summary>
public sealed record SeriesRange(double Min, double Max, string Says)
{
    private static readonly string[] Fractions = ["prefix_visibility", "service_availability"];

    public static SeriesRange Of(string column)
    {
        var head = column.Split(':')[0];
        return Fractions.Contains(head, StringComparer.Ordinal)
            ? new SeriesRange(0, 1, "a fraction from 0 to 1")
            : new SeriesRange(0, double.PositiveInfinity, "never negative");
    }

    /// <summary>Why <paramref name="bound"/> can never hold on its column, or null when some value meets it.</summary>
    public static string? NeverHolds(SeriesBound bound)
    {
        var range = Of(bound.Column);
        var v = bound.Value;
        var never = bound.Comparison switch
        {
            "above" => v >= range.Max,
            "below" => v <= range.Min,
            "at_least" => v > range.Max,
            _ => v < range.Min,
        };
        return never
            ? $"'{bound.Comparison}: {v.ToString(CultureInfo.InvariantCulture)}' can never hold: '{bound.Column}' is {range.Says}"
            : null;
    }
}
