namespace BackboneSim.Web.Api;

/// <summary>POST /api/runs: a library scenario by name, optionally another seed, an end before the scenario's, a speed to start playing at.</summary>
public sealed record StartRunBody(string? Scenario, long? Seed, string? Until, string? Speed);

/// <summary>POST /api/runs/{id}/control: play, pause, speed (with speed), seek (with ms, or at: "15:35", "+20m", an ISO time).</summary>
public sealed record ControlBody(string? Action, string? Speed, long? Ms, string? At);

public sealed record ApiError(string Error, IReadOnlyList<string>? Details = null);
