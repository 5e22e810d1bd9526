using System.Text.RegularExpressions;

namespace BackboneSim.Web.Api;

/// <summary>
/// What the API accepts. Everything from a browser is checked against these before it is used; names that fail
/// are refused without being echoed back.
/// </summary>
public static partial class InputRules
{
    /// <summary>Request bodies are small JSON objects.</summary>
    public const long MaxBodyBytes = 16 * 1024;
    public const int MaxEventsPerPage = 10_000;
    public const int DefaultEventsPerPage = 1_000;
    public const int MaxRowsPerPage = 5_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ScenarioNamePattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[0-9A-Za-z:.+\-]{1,40}$")]
    private static partial Regex TimeTextPattern();

    public static bool IsScenarioName(string? s) => s is not null && ScenarioNamePattern().IsMatch(s);
    public static bool IsRunId(string? s) => s is not null && RunIdPattern().IsMatch(s);
    /// <summary>Durations (2h), times of day (15:35) and ISO times: a short run of these characters.</summary>
    public static bool IsTimeText(string? s) => s is not null && TimeTextPattern().IsMatch(s);
}
