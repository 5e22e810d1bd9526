using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Api;

/// <summary>Play, pause, speed and seek on a run: shared by a plain run's control endpoint and a session's instructor.</summary>
public static class RunControls
{
    /// <summary>Apply <paramref name="body"/> to the run; the message of what is wrong with it, or null once applied (the run's snapshot shows it).</summary>
    public static async Task<string?> ApplyAsync(WebRun run, ControlBody? body)
    {
        // A field that the action does not take is refused, not ignored: {"action": "play", "ms": 5} is a mistake.
        var extra = body?.Action switch
        {
            "play" or "pause" => Unused(body, speed: true, ms: true, at: true),
            "speed" => Unused(body, speed: false, ms: true, at: true),
            "seek" => Unused(body, speed: true, ms: false, at: false),
            _ => null,
        };
        if (extra is not null) return $"'{extra}' does not go with action '{body!.Action}'";
        switch (body?.Action)
        {
            case "play": await run.Control(c => c.Play()); return null;
            case "pause": await run.Control(c => c.Pause()); return null;
            case "speed":
                if (body.Speed is null) return "action 'speed' needs speed";
                if (FieldRules.Speed(body.Speed) is { } badSpeed) return badSpeed;
                await run.Control(c => c.SetSpeed(body.Speed));
                return null;
            case "seek":
                if (FieldRules.SeekTarget(body.Ms, body.At, run.Scenario.Start, run.UntilMs, out var target) is { } badSeek) return badSeek;
                await run.Control(c => c.Seek(target));
                return null;
            default: return "action must be play, pause, speed or seek";
        }
    }

    /// <summary>The first field that is set although the action does not take it.</summary>
    private static string? Unused(ControlBody body, bool speed, bool ms, bool at)
        => speed && body.Speed is not null ? "speed" : ms && body.Ms is not null ? "ms" : at && body.At is not null ? "at" : null;
}
