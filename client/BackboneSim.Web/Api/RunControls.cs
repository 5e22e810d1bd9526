using BackboneSim.Model.Scenario;
using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Api;

/// <summary>Play, pause, speed and seek on a run: shared by a plain run's control endpoint and a session's instructor.</summary>
public static class RunControls
{
    /// <summary>Apply <paramref name="body"/> to the run; the message of what is wrong with it, or null when applied.</summary>
    public static string? Apply(WebRun run, ControlBody? body)
    {
        switch (body?.Action)
        {
            case "play": run.Control(c => c.Play()); return null;
            case "pause": run.Control(c => c.Pause()); return null;
            case "speed":
                if (body.Speed is not { } speed || !RunClock.Speeds.ContainsKey(speed))
                    return $"speed must be one of {string.Join(", ", RunClock.Speeds.Keys)}";
                run.Control(c => c.SetSpeed(speed));
                return null;
            case "seek":
                long target;
                if (body.Ms is { } ms) target = ms;
                else if (body.At is { } at && InputRules.IsTimeText(at) &&
                         (TimeText.ParseDuration(at.TrimStart('+')) ?? TimeText.ParseInstant(at, run.Scenario.Start)) is { } parsed) target = parsed;
                else return "seek needs ms (virtual ms since the start) or at (15:35, +20m or an ISO time)";
                if (target < 0 || target > run.Clock.UntilMs) return $"seek inside the run: 0 to {run.Clock.UntilMs} ms";
                run.Control(c => c.Seek(target));
                return null;
            default: return "action must be play, pause, speed or seek";
        }
    }
}
