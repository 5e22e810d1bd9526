using System.Text;
using System.Text.Json;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Scenarios;
using BackboneSim.Web.Sessions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackboneSim.Web.Api;

/// <summary>The REST API (docs/web.md): scenarios, runs, their events, series, topology and controls.</summary>
public static class RunsApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/scenarios", (ScenarioLibrary library) => Results.Ok(library.List())).RequireRateLimiting(RatePolicies.Read);
        api.MapGet("/runs", (RunRegistry runs) => Results.Ok(runs.All.Select(r => r.Status()).ToList())).RequireRateLimiting(RatePolicies.Read);
        api.MapPost("/runs", StartRun).RequireRateLimiting(RatePolicies.StartRun);
        api.MapGet("/runs/{id}", (string id, RunRegistry runs) => WithRun(runs, id, run => Results.Ok(run.Status()))).RequireRateLimiting(RatePolicies.Read);
        api.MapDelete("/runs/{id}", async (string id, HttpRequest request, RunRegistry runs) =>
            !InputRules.IsRunId(id) || runs.Find(id) is not { } run ? NoRun()
            : NotOwner(run, request) is { } refused ? refused
            : await runs.EndAsync(id) ? Results.NoContent() : NoRun()).RequireRateLimiting(RatePolicies.Control);
        SessionsApi.Map(api);
        api.MapGet("/runs/{id}/events", Events).RequireRateLimiting(RatePolicies.Read);
        api.MapGet("/runs/{id}/series", Series).RequireRateLimiting(RatePolicies.Read);
        api.MapGet("/runs/{id}/topology", Topology).RequireRateLimiting(RatePolicies.Read);
        WhyApi.Map(api);
        api.MapPost("/runs/{id}/control", Control).RequireRateLimiting(RatePolicies.Control);
        WhatIfApi.Map(api);
        api.MapFallback(() => Results.NotFound(new ApiError("no such API endpoint; see docs/web.md")));
    }

    internal static IResult NoRun() => Results.NotFound(new ApiError("no run with that id on this host"));

    /// <summary>A session's run is controlled through the session, by its instructor only.</summary>
    private static IResult SessionOwned() => Results.Json(new ApiError("this run belongs to a teaching session: only its instructor controls it (POST /api/sessions/ID/control)"),
        statusCode: StatusCodes.Status403Forbidden);

    /// <summary>The header that carries a plain run's owner token (Authorization: Bearer TOKEN works too).</summary>
    public const string OwnerHeader = "X-Run-Owner";

    /// <summary>
    /// Null when the request may control or end <paramref name="run"/>: it carries the run's owner token. Otherwise
    /// 403 saying why: a session's run is its instructor's; a plain run is its creator's, and others may only watch.
    /// </summary>
    internal static IResult? NotOwner(WebRun run, HttpRequest request)
    {
        if (run.Owner is not null) return SessionOwned();
        var token = request.Headers[OwnerHeader].ToString() is { Length: > 0 } header ? header
            : request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..].Trim() : null;
        if (RunRegistry.IsOwner(run, token)) return null;
        return Results.Json(new ApiError($"only the run's owner may control or end it: send the owner token that POST /api/runs answered ({OwnerHeader}: TOKEN). " +
            "Anyone may watch it (GET, the hub); to change it, fork it (POST /api/runs/ID/whatif) or start your own"), statusCode: StatusCodes.Status403Forbidden);
    }

    internal static IResult Bad(string message, IReadOnlyList<string>? details = null) => Results.BadRequest(new ApiError(message, details));

    /// <summary>A body that could not be read: too large (413) or not the JSON asked for (400).</summary>
    internal static IResult Unreadable(BadHttpRequestException ex)
        => Results.Json(new ApiError(ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"the body is larger than {InputRules.MaxBodyBytes} bytes" : ex.Message),
            statusCode: ex.StatusCode);

    private static IResult WithRun(RunRegistry runs, string id, Func<WebRun, IResult> then)
        => InputRules.IsRunId(id) && runs.Find(id) is { } run ? then(run) : NoRun();

    /// <summary>
    /// The JSON body as <typeparamref name="T"/>. Fields the endpoint does not take, and fields of the wrong type, are
    /// refused (400) with a message naming the field: a misspelt or misplaced field never passes silently.
    /// </summary>
    internal static async Task<T?> ReadBody<T>(HttpRequest request, IOptions<JsonOptions> json) where T : class
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException("send a JSON body (Content-Type: application/json)", StatusCodes.Status400BadRequest);
        try { return await JsonSerializer.DeserializeAsync<T>(request.Body, json.Value.SerializerOptions, request.HttpContext.RequestAborted); }
        catch (JsonException ex) { throw new BadHttpRequestException(BodyFields.Explain<T>(ex), StatusCodes.Status400BadRequest); }
    }

    private static async Task<IResult> StartRun(HttpRequest request, IOptions<JsonOptions> json, ScenarioLibrary library, RunRegistry runs, IdleExpiry expiry,
        [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time, CancellationToken ct)
    {
        StartRunBody? body;
        try { body = await ReadBody<StartRunBody>(request, json); }
        catch (BadHttpRequestException ex) { return Unreadable(ex); }
        if ((FieldRules.Scenario(body?.Scenario) ?? FieldRules.Seed(body!.Seed) ?? FieldRules.Speed(body.Speed)) is { } invalid) return Bad(invalid);
        if (library.PathOf(body!.Scenario!) is not { } path) return FieldRules.NoSuchScenario(body.Scenario!);

        ScenarioDefinition scenario;
        ScenarioBundle bundle;
        try { (scenario, bundle) = ScenarioBundle.FromDisk(path, body.Seed); }
        catch (ScenarioLoadException ex)
        {
            return Results.UnprocessableEntity(new ApiError($"scenario '{body.Scenario}' does not load", ex.Errors.Select(e => e.ToString()).Take(20).ToList()));
        }
        if (FieldRules.Until(body.Until, scenario, out var untilMs) is { } badUntil) return Bad(badUntil);
        try
        {
            await expiry.SweepAsync(); // an expired run's slot is free now, not at the next sweep
            var run = await runs.StartAsync(scenario, bundle, untilMs, body.Speed, ct, client: RatePolicies.Client(request.HttpContext));
            return Created(run);
        }
        catch (RunLimitException ex) { return LimitAnswers.TooMany(request.HttpContext, ex, time); }
    }

    /// <summary>201 for a new plain run: its status and, this once, its owner token.</summary>
    internal static IResult Created(WebRun run) => Results.Created($"/api/runs/{run.Id}", run.Status() with { OwnerToken = run.OwnerToken });

    private static IResult Events(string id, long? since, int? max, string? format, RunRegistry runs)
    {
        if (since is < 0) return Bad("since must be 0 or a released event id");
        if (max is < 1 or > InputRules.MaxEventsPerPage) return Bad($"max must be between 1 and {InputRules.MaxEventsPerPage}");
        if (format is not (null or "json" or "jsonl")) return Bad("format is json (default) or jsonl");
        return WithRun(runs, id, run =>
        {
            var log = run.Snapshot.Log;
            var lines = log.Lines(since ?? 0, max ?? InputRules.DefaultEventsPerPage);
            if (format == "jsonl")
            {
                var text = new StringBuilder();
                foreach (var line in lines) text.Append(line).Append('\n');
                return Results.Text(text.ToString(), "application/x-ndjson", Encoding.UTF8);
            }
            return Results.Ok(EventPage.Build(log, since ?? 0, lines));
        });
    }

    private static IResult Series(string id, int? since, int? max, RunRegistry runs)
    {
        if (since is < 0) return Bad("since must be a row index, 0 or more");
        if (max is < 1 or > InputRules.MaxRowsPerPage) return Bad($"max must be between 1 and {InputRules.MaxRowsPerPage}");
        return WithRun(runs, id, run =>
        {
            var log = run.Snapshot.Log;
            return Results.Ok(new SeriesPage(["ms", .. log.Columns], RunLog.SampleMs, since ?? 0,
                log.Rows(since ?? 0, max ?? InputRules.MaxRowsPerPage), log.RowCount));
        });
    }

    private static IResult Topology(string id, long? at, RunRegistry runs)
        => WithRun(runs, id, run =>
        {
            var now = run.Snapshot; // one snapshot: the status and the states are of the same instant
            var (status, log) = (now.Status, now.Log);
            var atMs = Math.Min(at ?? status.Ms, log.ReleasedMs); // only what has been released: a client sees no spoilers
            return Results.Ok(new TopologyPage(run.Scenario.Name, run.Scenario.Title, run.Scenario.Start, status.UntilMs,
                run.Topology.Sites, run.Topology.Nodes, run.Topology.Links, run.Topology.Services,
                log.Initial, atMs, log.StatesAt(atMs), log.LoadsAt(atMs)));
        });

    private static async Task<IResult> Control(string id, HttpRequest request, IOptions<JsonOptions> json, RunRegistry runs)
    {
        if (!InputRules.IsRunId(id) || runs.Find(id) is not { } run) return NoRun();
        if (NotOwner(run, request) is { } refused) return refused;
        ControlBody? body;
        try { body = await ReadBody<ControlBody>(request, json); }
        catch (BadHttpRequestException ex) { return Unreadable(ex); }
        return await RunControls.ApplyAsync(run, body) is { } error ? Bad(error) : Results.Ok(run.Status());
    }
}

public sealed record SeriesPage(IReadOnlyList<string> Columns, long IntervalMs, int From, IReadOnlyList<double[]> Rows, int Total);

public sealed record TopologyPage(string Scenario, string Title, DateTimeOffset Start, long UntilMs,
    IReadOnlyList<SiteView> Sites, IReadOnlyList<NodeView> Nodes, IReadOnlyList<LinkView> Links, IReadOnlyList<string> Services,
    IReadOnlyDictionary<string, string> Initial, long AtMs, IReadOnlyDictionary<string, string> States,
    IReadOnlyDictionary<string, LinkLoad> Loads);

/// <summary>
/// Released events with ids in (from, to] in the --events format, with the map changes, link loads and key moments they made:
/// what GET /events answers and what the hub's batches carry.
/// </summary>
public sealed record EventPage(long From, long To, RawJson Events, IReadOnlyList<StateChange> Changes, IReadOnlyList<Moment> Moments,
    IReadOnlyList<LoadChange> Loads)
{
    public static EventPage Build(RunLogView log, long since, IReadOnlyList<string> lines)
    {
        var from = Math.Clamp(since, 0, log.ReleasedCount);
        var to = from + lines.Count;
        return new EventPage(from, to, RawJson.Array(lines), log.ChangesFor(from, to).ToList(), log.MomentsFor(from, to).ToList(),
            log.LoadsFor(from, to).ToList());
    }
}
