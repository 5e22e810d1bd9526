using System.Globalization;
using System.Text.RegularExpressions;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Api;

/// <summary>
/// <c>GET /api/runs/{id}/why?target=NAME&amp;at=MS&amp;cohort=NAME</c>: the causal chain of a node, service, prefix,
/// site or backbone link at an instant of a run (docs/web.md), as the CLI's <c>explain</c> prints it. Readable by
/// run id like <c>/events</c> and <c>/topology</c>, a session's run too.
/// </summary>
public static partial class WhyApi
{
    /// <summary>Names in scenarios are short slugs; prefixes have '/' and IPv6 ':', links "a~b". Anything else is refused unread.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/@+~-]{0,199}$")]
    private static partial Regex NamePattern();

    public static void Map(RouteGroupBuilder api)
        => api.MapGet("/runs/{id}/why", Why).RequireRateLimiting(RatePolicies.Read);

    private static IResult Why(string id, string? target, string? at, string? cohort, RunRegistry runs)
    {
        if (string.IsNullOrEmpty(target)) return RunsApi.Bad("give the target: why?target=NAME (a node, service, prefix, site or backbone link)");
        if (!NamePattern().IsMatch(target)) return RunsApi.Bad("a target is a name from the scenario: letters, digits and . _ : / @ + ~ -, at most 200 characters");
        if (cohort is not null && !NamePattern().IsMatch(cohort)) return RunsApi.Bad("a cohort is a client cohort's name from the scenario");
        if (!InputRules.IsRunId(id) || runs.Find(id) is not { } run) return RunsApi.NoRun();
        if (at is not null && ParseAt(at, run.Scenario.Start) is null)
            return RunsApi.Bad("at is virtual ms since the start (0 or more) or a time: 15:45, +20m, an ISO time");

        var (found, status, error) = WhyTarget.Find(run.Topology, run.Scenario.Topology, target, cohort);
        if (found is null) return Results.Json(new ApiError(error!), statusCode: status);
        var x = RunWhy.Answer(run, found, at is null ? null : ParseAt(at, run.Scenario.Start));
        return Results.Ok(new WhyAnswer(found.Name, found.Kind, found.Element, found.Cohort, x.AtMs,
            SimClock.Format(run.Scenario.Start, x.AtMs), x.State, x.Availability,
            x.StateEventLine is { } line ? new RawJson(line) : null, RawJson.Array(x.ChainLines),
            x.RootLine is { } root ? new ScenarioRoot(root, x.RootWhat) : null));
    }

    /// <summary>
    /// Virtual ms (digits only, within a long), +duration (+20m), or a time with a colon (15:45, an ISO time); null
    /// otherwise. Stricter than DateTimeOffset's parser alone, which reads "1.5" as the fifth of January.
    /// </summary>
    private static long? ParseAt(string at, DateTimeOffset start)
    {
        if (at.Length > 0 && at.All(char.IsAsciiDigit))
            return long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null;
        if (!InputRules.IsTimeText(at) || !(at.StartsWith('+') || at.Contains(':'))) return null;
        return TimeText.ParseInstant(at, start) is { } parsed && parsed >= 0 ? parsed : null;
    }
}

/// <summary>Where the chain starts when it starts at a scenario action: its file:line and what it did.</summary>
public sealed record ScenarioRoot(string Line, string? What);

/// <summary>
/// The answer: the target, its kind (node, service, prefix, site, link) and what the map draws it as, the instant
/// (never past what was released), its state then, the event that set it and the chain from the first cause to it
/// (events in the /events shape), and the scenario line it started with.
/// </summary>
public sealed record WhyAnswer(string Target, string Kind, string? Element, string? Cohort, long AtMs, string T,
    string State, double? Availability, RawJson? StateEvent, RawJson Chain, ScenarioRoot? Root);
