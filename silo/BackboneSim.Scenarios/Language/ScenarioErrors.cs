using BackboneSim.Model.Scenario;

namespace BackboneSim.Scenarios;

/// <summary>One problem in a scenario, at the place a person would fix it.</summary>
public sealed record ScenarioError(SourceLocation Location, string Message)
{
    /// <summary>
    /// The printed line. Messages quote the scenario's text, so its control characters are escaped here, where every
    /// error is formatted: a scenario cannot drive the terminal or forge another error line.
    /// </summary>
    public override string ToString() => EscapedText.Escape($"{Location}: {Message}");
}

/// <summary>A scenario could not be loaded; carries every error found, not just the first.</summary>
public sealed class ScenarioLoadException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, Report(errors, MaxReported)))
{
    /// <summary>
    /// Errors shown to a person: past this many, one line says how many more there are. A generated file with a
    /// million bad entries would otherwise print a million lines (and a wrong key repeated in every entry says
    /// nothing new after the first few hundred).
    /// </summary>
    public const int MaxReported = 200;

    public IReadOnlyList<ScenarioError> Errors { get; } = errors;

    /// <summary>The lines to print: the first <paramref name="max"/> errors, then "... and N more errors" when there are more.</summary>
    public IEnumerable<string> Lines(int max = MaxReported) => Report(Errors, max);

    private static IEnumerable<string> Report(IReadOnlyList<ScenarioError> errors, int max)
    {
        foreach (var e in errors.Take(max)) yield return e.ToString();
        if (errors.Count > max)
            yield return EscapedText.Escape(errors[max].Location.File) + $": ... and {errors.Count - max:N0} more errors (the first {max} are shown)";
    }
}

/// <summary>Collects errors while loading continues, so one run of validate shows them all.</summary>
public sealed class ErrorList
{
    private readonly List<ScenarioError> _errors = new();
    public IReadOnlyList<ScenarioError> Errors => _errors;
    public bool Any => _errors.Count > 0;
    public void Add(SourceLocation at, string message) => _errors.Add(new ScenarioError(at, message));
    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new ScenarioLoadException(_errors.OrderBy(e => e.Location.File, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
    }
}
