namespace BackboneSim.Model.Nodes.Parameters;

/// <summary>How a parameter is written under <c>parameters:</c> and read by the loader.</summary>
public enum ParameterKind
{
    /// <summary>A duration (<c>150ms</c>, <c>5m</c>); held in milliseconds.</summary>
    Duration,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A number (<c>0.015</c>).</summary>
    Number,
    /// <summary>One of a few words (<c>peer</c>, <c>prefix</c>); held as its index in
    /// <see cref="ParameterDeclaration.Choices"/> (Default, Min and Max are indexes too).</summary>
    Choice,
}

/// <summary>The table of docs/model.md a parameter's row stands in.</summary>
public enum ParameterTable
{
    /// <summary>"Defaults (<c>ModelParameters</c>)": protocol, DNS, data-center and client timings.</summary>
    Defaults,
    /// <summary>"BGP design and session defaults": the session timings.</summary>
    BgpSessions,
    /// <summary>"Backbone traffic".</summary>
    Traffic,
    /// <summary>"Data plane": RIB, FIB programming, fail-static.</summary>
    DataPlane,
}

/// <summary>
/// One model parameter, declared once (<see cref="ParameterCatalog"/>): its scenario key, the
/// <see cref="ModelParameters"/> property it sets, kind and unit, allowed range, default, the doc lines and the
/// source or reason of the default. The loader reads <c>parameters:</c> from these declarations, a fresh
/// <see cref="ModelParameters"/> takes its defaults from them, and the schema's <c>parameters</c> and docs/model.md's
/// parameter tables are generated from them (ParameterDocsTests checks and regenerates them).
/// </summary>
/// <param name="Key">The key under <c>parameters:</c>.</param>
/// <param name="Property">The <see cref="ModelParameters"/> property it sets.</param>
/// <param name="Kind">How it is written and read.</param>
/// <param name="Unit">Unit of the value: <c>ms</c> for every duration; <c>count</c>, <c>ratio</c> (a share or a
/// multiple of a normal figure), <c>routes/s</c>, <c>entries/s</c>, <c>Mb/s</c>.</param>
/// <param name="Default">The default. Whole for durations (ms) and integers, which hold exactly in a double.</param>
/// <param name="Min">The smallest value the loader accepts.</param>
/// <param name="Max">The largest value the loader accepts.</param>
/// <param name="RangeNote">A condition beyond the range, checked by the loader (or null).</param>
/// <param name="Table">The docs/model.md table its row stands in.</param>
/// <param name="Summary">One line: what it is (the schema's description, before the range).</param>
/// <param name="UsedFor">What the model uses it for (docs/model.md's "used for" column; may be longer).</param>
/// <param name="Source">Where the default comes from: the RFC, the vendor default or the stated assumption
/// (docs/model.md's "source or reason" column; Markdown).</param>
/// <param name="Set">Applies a value to a <see cref="ModelParameters"/>.</param>
/// <param name="Choices">For a <see cref="ParameterKind.Choice"/>: the words it accepts, in index order.</param>
public sealed record ParameterDeclaration(
    string Key,
    string Property,
    ParameterKind Kind,
    string Unit,
    double Default,
    double Min,
    double Max,
    string? RangeNote,
    ParameterTable Table,
    string Summary,
    string UsedFor,
    string Source,
    Action<ModelParameters, double> Set,
    IReadOnlyList<string>? Choices = null)
{
    /// <summary>A value as the loader and the docs write it (a choice's word; otherwise the number).</summary>
    public object Written(double value) => Kind == ParameterKind.Choice ? Choices![(int)value] : value;
}
