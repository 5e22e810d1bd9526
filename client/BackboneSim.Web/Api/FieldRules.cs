using BackboneSim.Model.Scenario;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Scenarios;

namespace BackboneSim.Web.Api;

/// <summary>
/// One check per request field, shared by every endpoint that takes it (POST /api/runs, POST /api/sessions, the
/// controls of a run and of a session): the same field is accepted or refused the same way, with the same message.
/// Each answers null when the value is fine, else a message that names the field.
/// </summary>
public static class FieldRules
{
    public const int MaxInjects = 10;
    public const int MaxInjectLength = 120;

    /// <summary>A library scenario: the message for a missing or malformed name, or null when <paramref name="name"/> may be looked up.</summary>
    public static string? Scenario(string? name)
        => name is null ? "give the scenario: {\"scenario\": \"facebook-2021-10-04\"} (GET /api/scenarios lists them)"
            : !InputRules.IsScenarioName(name) ? "scenario: a scenario is named by its library name: letters, digits, '.', '-' and '_', at most 100 characters"
            : null;

    /// <summary>The 404 for a well-formed name the library does not have.</summary>
    public static IResult NoSuchScenario(string name)
        => Results.NotFound(new ApiError($"no scenario named '{name}' in the library; GET /api/scenarios lists them"));

    public static string? Seed(long? seed) => seed is < 0 ? "seed must be a non-negative integer" : null;

    public static string? Speed(string? speed)
        => speed is not null && !RunClock.Speeds.ContainsKey(speed) ? $"speed must be one of {string.Join(", ", RunClock.Speeds.Keys)}" : null;

    /// <summary>An end inside the scenario: a duration (30m) or a UTC time of day (16:00) after the start; <paramref name="ms"/> when fine.</summary>
    public static string? Until(string? text, ScenarioDefinition scenario, out long? ms)
    {
        ms = null;
        if (text is null) return null;
        var error = $"until must be inside the run: a duration up to {TimeText.FormatDuration(scenario.DurationMs)} or a UTC time of day after the start";
        if (!InputRules.IsTimeText(text) || text.StartsWith('-')) return error;
        ms = TimeText.ParseDuration(text.TrimStart('+')) ?? TimeText.ParseInstant(text, scenario.Start);
        return ms is not { } v || v <= 0 || v > scenario.DurationMs ? error : null;
    }

    /// <summary>Hidden injects to fire, as `run --inject`: NAME or NAME@TIME (the loader checks the names against the scenario).</summary>
    public static string? Injects(IReadOnlyList<string?>? injects)
        => injects is { } list && (list.Count > MaxInjects || list.Any(i => string.IsNullOrWhiteSpace(i) || i.Length > MaxInjectLength))
            ? $"injects: at most {MaxInjects}, each NAME or NAME@TIME of at most {MaxInjectLength} characters" : null;

    /// <summary>A seek's target: ms (virtual ms since the start) or at (15:35, +20m, an ISO time), exactly one of them, inside the run.</summary>
    public static string? SeekTarget(long? ms, string? at, DateTimeOffset start, long untilMs, out long target)
    {
        target = 0;
        if (ms is not null && at is not null) return "seek takes ms or at, not both";
        if (ms is { } m) target = m;
        else if (at is not null && InputRules.IsTimeText(at) && !at.StartsWith('-') &&
                 (TimeText.ParseDuration(at.TrimStart('+')) ?? TimeText.ParseInstant(at, start)) is { } parsed) target = parsed;
        else return at is null ? "seek needs ms (virtual ms since the start) or at (15:35, +20m or an ISO time)"
            : "at must be a time in the run: 15:35, +20m or an ISO time";
        return target < 0 || target > untilMs ? $"seek inside the run: 0 to {untilMs} ms" : null;
    }
}
