using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Web.Api;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Scenarios;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackboneSim.Web.Sessions;

/// <summary>
/// Teaching sessions (docs/web.md#teaching-sessions). Callers name themselves with <c>Authorization: Bearer TOKEN</c>:
/// the instructor's secret or a learner's token. Controls, reveal and ending need the instructor; answering needs a
/// learner. A request without a valid token gets 401, a learner asking for an instructor's action 403.
/// </summary>
public static class SessionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/sessions", Create).RequireRateLimiting(RatePolicies.Session);
        api.MapPost("/sessions/join", Join).RequireRateLimiting(RatePolicies.Join);
        api.MapGet("/sessions/{id}/state", (string id, HttpRequest request, SessionRegistry sessions) =>
            As(sessions, id, request, SessionRole.Learner, (s, role, learner) => Results.Ok(s.View(role, learner)))).RequireRateLimiting(RatePolicies.Read);
        api.MapPost("/sessions/{id}/control", Control).RequireRateLimiting(RatePolicies.Control);
        api.MapPost("/sessions/{id}/reveal", (string id, HttpRequest request, SessionRegistry sessions) =>
            As(sessions, id, request, SessionRole.Instructor, (s, role, _) =>
                s.Reveal() ? Results.Ok(s.View(role, null)) : Results.Conflict(new ApiError("no unrevealed question is open")))).RequireRateLimiting(RatePolicies.Control);
        api.MapPost("/sessions/{id}/inject", FireInject).RequireRateLimiting(RatePolicies.Session);
        api.MapPost("/sessions/{id}/answer", Answer).RequireRateLimiting(RatePolicies.Control);
        api.MapDelete("/sessions/{id}", async (string id, HttpRequest request, SessionRegistry sessions) =>
        {
            var refused = As(sessions, id, request, SessionRole.Instructor, (_, _, _) => null);
            if (refused is not null) return refused;
            await sessions.EndAsync(sessions.Find(id)!);
            return Results.NoContent();
        }).RequireRateLimiting(RatePolicies.Control);
    }

    private static IResult NoSession() => Results.NotFound(new ApiError("no session with that id on this host"));

    private static IResult Forbidden(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status403Forbidden);

    /// <summary>The bearer token of the request, if any.</summary>
    private static string? Token(HttpRequest request)
        => request.Headers.Authorization.ToString() is { } h && h.StartsWith("Bearer ", StringComparison.Ordinal) ? h[7..].Trim() : null;

    /// <summary>
    /// Run <paramref name="then"/> if the caller holds at least <paramref name="needs"/> (the instructor may do what a
    /// learner may, except answer); otherwise 404, 401 or 403. A null result from <paramref name="then"/> means "allowed".
    /// </summary>
    internal static IResult? As(SessionRegistry sessions, string id, HttpRequest request, SessionRole needs, Func<Session, SessionRole, Learner?, IResult?> then)
    {
        if (!InputRules.IsRunId(id) || sessions.Find(id) is not { } session) return NoSession();
        var (role, learner) = session.Authenticate(Token(request));
        if (role == SessionRole.None) return Results.Json(new ApiError("send the instructor's secret or your learner token: Authorization: Bearer TOKEN"), statusCode: StatusCodes.Status401Unauthorized);
        if (needs == SessionRole.Instructor && role != SessionRole.Instructor) return Forbidden("only the session's instructor may do that");
        return then(session, role, learner);
    }

    private static async Task<IResult> Create(HttpRequest request, IOptions<JsonOptions> json, ScenarioLibrary library, SessionRegistry sessions, IdleExpiry expiry,
        [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time, CancellationToken ct)
    {
        CreateSessionBody? body;
        try { body = await RunsApi.ReadBody<CreateSessionBody>(request, json); }
        catch (BadHttpRequestException ex) { return RunsApi.Unreadable(ex); }
        if ((FieldRules.Scenario(body?.Scenario) ?? FieldRules.Seed(body!.Seed) ?? FieldRules.Injects(body.Injects)) is { } invalid) return RunsApi.Bad(invalid);
        if (library.PathOf(body!.Scenario!) is not { } path) return FieldRules.NoSuchScenario(body.Scenario!);
        ScenarioDefinition scenario;
        ScenarioBundle bundle;
        try { (scenario, bundle) = ScenarioBundle.FromDisk(path, body.Seed, body.Injects); }
        catch (ScenarioLoadException ex)
        {
            return Results.UnprocessableEntity(new ApiError($"scenario '{body.Scenario}' does not load", ex.Errors.Select(e => e.ToString()).Take(20).ToList()));
        }
        catch (ArgumentException ex) { return RunsApi.Bad(ex.Message.Replace("--inject ", "inject ")); }
        try
        {
            var source = new SessionSource(path, body.Seed, body.Injects ?? [], scenario.Timeline.Where(a => a.Inject).ToList());
            await expiry.SweepAsync(); // an expired session's slot is free now, not at the next sweep
            var (session, secret) = await sessions.CreateAsync(scenario, bundle, source, ct, RatePolicies.Client(request.HttpContext));
            // The secret travels in the fragment: browsers never send it in requests or Referer headers.
            return Results.Created($"/api/sessions/{session.Id}",
                new SessionCreated(session.Id, session.JoinCode, secret, $"/#session={session.Id}&key={secret}", session.Run.Id));
        }
        catch (RunLimitException ex) { return LimitAnswers.TooMany(request.HttpContext, ex, time); }
    }

    private static async Task<IResult> Join(HttpRequest request, IOptions<JsonOptions> json, SessionRegistry sessions)
    {
        JoinSessionBody? body;
        try { body = await RunsApi.ReadBody<JoinSessionBody>(request, json); }
        catch (BadHttpRequestException ex) { return RunsApi.Unreadable(ex); }
        // An unknown and a malformed code look the same: a guesser learns nothing from the difference.
        if (SessionSecrets.NormaliseCode(body?.Code) is not { } code || sessions.FindByCode(code) is not { } session)
            return Results.NotFound(new ApiError("no session with that code; check it with your instructor"));
        if (LearnerInput.Name(body!.Name, out var error) is not { } name) return RunsApi.Bad(error!);
        if (session.Join(name) is not { } learner)
            return Results.Json(new ApiError($"the session is full ({Session.MaxLearners} learners)"), statusCode: StatusCodes.Status429TooManyRequests);
        return Results.Ok(new SessionJoined(session.Id, learner.Id, learner.Name, learner.Token, session.Run.Id));
    }

    private static async Task<IResult> Control(string id, HttpRequest request, IOptions<JsonOptions> json, SessionRegistry sessions)
    {
        if (As(sessions, id, request, SessionRole.Instructor, (_, _, _) => null) is { } refused) return refused;
        var session = sessions.Find(id)!;
        ControlBody? body;
        try { body = await RunsApi.ReadBody<ControlBody>(request, json); }
        catch (BadHttpRequestException ex) { return RunsApi.Unreadable(ex); }
        return await RunControls.ApplyAsync(session.Run, body) is { } error ? RunsApi.Bad(error) : Results.Ok(session.Run.Status());
    }

    private static async Task<IResult> FireInject(string id, HttpRequest request, IOptions<JsonOptions> json, SessionRegistry sessions, [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time, CancellationToken ct)
    {
        if (As(sessions, id, request, SessionRole.Instructor, (_, _, _) => null) is { } refused) return refused;
        var session = sessions.Find(id)!;
        InjectBody? body;
        try { body = await RunsApi.ReadBody<InjectBody>(request, json); }
        catch (BadHttpRequestException ex) { return RunsApi.Unreadable(ex); }
        if (body?.Name is not { Length: > 0 and <= 100 } name) return RunsApi.Bad("give the inject's name: {\"name\": \"second-push\"}");
        try
        {
            if (await sessions.FireInjectAsync(session, name, ct) is { } why) return Results.Conflict(new ApiError(why));
        }
        catch (RunLimitException ex) { return LimitAnswers.TooMany(request.HttpContext, ex, time); }
        catch (Exception ex) when (ex is ScenarioLoadException or ArgumentException) { return Results.UnprocessableEntity(new ApiError("the scenario does not load with that inject: " + ex.Message)); }
        return Results.Ok(session.View(SessionRole.Instructor, null));
    }

    private static async Task<IResult> Answer(string id, HttpRequest request, IOptions<JsonOptions> json, SessionRegistry sessions)
    {
        if (!InputRules.IsRunId(id) || sessions.Find(id) is not { } session) return NoSession();
        var (role, learner) = session.Authenticate(Token(request));
        if (role == SessionRole.Instructor) return Forbidden("the instructor does not answer; learners do");
        if (learner is null) return Results.Json(new ApiError("send your learner token: Authorization: Bearer TOKEN"), statusCode: StatusCodes.Status401Unauthorized);
        AnswerBody? body;
        try { body = await RunsApi.ReadBody<AnswerBody>(request, json); }
        catch (BadHttpRequestException ex) { return RunsApi.Unreadable(ex); }
        if (session.Answer(learner, body?.Choice, body?.Text) is { } refused)
            return Results.Json(new ApiError(refused.Message), statusCode: refused.Status);
        return Results.Ok(session.View(SessionRole.Learner, learner));
    }
}
