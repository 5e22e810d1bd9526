using BackboneSim.Scenarios;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackboneSim.Web.Api;

/// <summary>POST /api/runs/{id}/whatif and /api/sessions/{id}/whatif: the what-if's YAML, and the fork instant (default: the instant shown).</summary>
public sealed record WhatIfBody(string? Yaml, long? At);

/// <summary>
/// Forking a what-if from a page (docs/web.md#what-ifs). A plain run's viewer forks a new run and the original
/// keeps going, so the two can be compared; a session's instructor moves the whole session to the fork. Each fork
/// starts a run, so both are limited like run starts.
/// </summary>
public static class WhatIfApi
{
    /// <summary>A what-if of <see cref="WhatIfReader.MaxBytes"/> escaped as JSON can exceed the host's usual body limit.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/runs/{id}/whatif", ForkRun).RequireRateLimiting(RatePolicies.StartRun);
        api.MapPost("/sessions/{id}/whatif", ForkSession).RequireRateLimiting(RatePolicies.Session);
    }

    private static async Task<IResult> ForkRun(string id, HttpRequest request, IOptions<JsonOptions> json, RunRegistry runs, IdleExpiry expiry, [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time,
        CancellationToken ct)
    {
        if (!InputRules.IsRunId(id) || runs.Find(id) is not { } run) return RunsApi.NoRun();
        // A session's run changes only through its instructor: POST /api/sessions/ID/whatif.
        if (run.Owner is not null)
            return Results.Json(new ApiError("this run belongs to a teaching session: only its instructor forks it (POST /api/sessions/ID/whatif)"),
                statusCode: StatusCodes.Status403Forbidden);
        var (body, error) = await ReadAsync(request, json);
        if (error is not null) return error;
        // Anyone watching may fork: the fork is a new run of theirs (its owner token in the answer); the original is
        // left alone, and never ended to make room for its own fork.
        await expiry.SweepAsync();
        return await Answer(request.HttpContext, time, () => WhatIfFork.StartAsync(runs, run, body.Yaml!, body.At, null, ct, RatePolicies.Client(request.HttpContext)),
            (fork, warnings) => Results.Created($"/api/runs/{fork.Id}", fork.Status() with { OwnerToken = fork.OwnerToken, Warnings = warnings }));
    }

    private static async Task<IResult> ForkSession(string id, HttpRequest request, IOptions<JsonOptions> json, SessionRegistry sessions, RunRegistry runs, [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time,
        CancellationToken ct)
    {
        if (SessionsApi.As(sessions, id, request, SessionRole.Instructor, (_, _, _) => null) is { } refused) return refused;
        var session = sessions.Find(id)!;
        var (body, error) = await ReadAsync(request, json);
        if (error is not null) return error;
        return await Answer(request.HttpContext, time, () => SessionWhatIfs.ForkAsync(session, runs, body.Yaml!, body.At, ct),
            (_, warnings) => Results.Ok(session.View(SessionRole.Instructor, null) with { Warnings = warnings }));
    }

    /// <param name="ok">The success answer, given the fork and its warnings (always a list, empty when none).</param>
    private static async Task<IResult> Answer(HttpContext http, TimeProvider time, Func<Task<WhatIfForkResult>> fork, Func<WebRun, IReadOnlyList<string>, IResult> ok)
    {
        try
        {
            var result = await fork();
            return result.Fork is { } run ? ok(run, result.Warnings) : Results.Json(new ApiError(result.Error!, result.Details), statusCode: result.Status);
        }
        catch (RunLimitException ex) { return LimitAnswers.TooMany(http, ex, time); }
    }

    /// <summary>The body when it holds a usable what-if, else the answer saying why not (400, or 413 past <see cref="MaxBodyBytes"/>).</summary>
    private static async Task<(WhatIfBody Body, IResult? Error)> ReadAsync(HttpRequest request, IOptions<JsonOptions> json)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        WhatIfBody? body;
        try { body = await RunsApi.ReadBody<WhatIfBody>(request, json); }
        catch (BadHttpRequestException ex)
        {
            return (null!, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Results.Json(new ApiError($"the body is larger than {MaxBodyBytes} bytes"), statusCode: StatusCodes.Status413PayloadTooLarge)
                : RunsApi.Unreadable(ex));
        }
        if (body?.Yaml is not { Length: > 0 } yaml)
            return (null!, RunsApi.Bad("give the what-if's YAML: {\"yaml\": \"timeline:\\n  - respond: { rollback: NAME }\"} and optionally \"at\" (ms)"));
        var bytes = System.Text.Encoding.UTF8.GetByteCount(yaml);
        if (bytes > WhatIfReader.MaxBytes) return (null!, RunsApi.Bad($"the what-if is {bytes:N0} bytes; the limit is {WhatIfReader.MaxBytes:N0}"));
        return (body, null);
    }
}
