namespace BackboneSim.Model.Scenario;

/// <summary>One problem in a scenario, at the place a person would fix it.</summary>
public sealed record ScenarioError(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>A scenario could not be loaded; carries every error found, not just the first.</summary>
public sealed class ScenarioLoadException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
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
