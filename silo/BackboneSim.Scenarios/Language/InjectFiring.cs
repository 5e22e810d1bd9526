using BackboneSim.Model.Scenario;

namespace BackboneSim.Scenarios;

/// <summary>
/// Fires hidden injects (<c>inject: true</c> timeline actions): each named inject becomes an ordinary action at the
/// time given, or at its own suggested <c>at:</c>. A run with an inject fired at T is the same run as one whose
/// scenario had the action at T, so firing stays deterministic (the CLI's --inject; the web client's instructor).
/// </summary>
public static class InjectFiring
{
    /// <summary>Parse "NAME" or "NAME@TIME" (TIME as in <c>at:</c>) and fire them; errors name the argument.</summary>
    public static ScenarioDefinition Fire(ScenarioDefinition scenario, IReadOnlyList<string> specs)
    {
        if (specs.Count == 0) return scenario;
        var timeline = scenario.Timeline.ToList();
        var injects = timeline.Where(a => a.Inject).Select(a => a.Name).ToList();
        var errors = new List<string>();
        var fired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var at = spec.IndexOf('@');
            var name = at < 0 ? spec : spec[..at];
            // Looked up in the scenario as written: a name fired by an earlier --inject is already no longer hidden.
            var action = scenario.Timeline.FirstOrDefault(a => a.Inject && a.Name == name);
            if (action is null)
            {
                errors.Add(injects.Count == 0 ? $"--inject {spec}: the scenario has no hidden injects (timeline actions with 'inject: true')"
                    : $"--inject {spec}: no hidden inject named '{name}'{Suggestions.DidYouMean(name, injects)} (injects: {string.Join(", ", injects)})");
                continue;
            }
            if (!fired.Add(name)) { errors.Add($"--inject {spec}: '{name}' is fired twice"); continue; }
            long ms;
            if (at < 0)
            {
                if (action.AtMs < 0) { errors.Add($"--inject {spec}: '{name}' suggests no time; give one, e.g. --inject {name}@+1h"); continue; }
                ms = action.AtMs;
            }
            else if (TimeText.ParseInstant(spec[(at + 1)..], scenario.Start) is { } t && t >= 0 && t < scenario.DurationMs) ms = t;
            else
            {
                errors.Add($"--inject {spec}: '{spec[(at + 1)..]}' is not a time inside the run (a time of day like 16:00:00, an offset like +30m, or ISO-8601)");
                continue;
            }
            timeline[action.Index] = action with { AtMs = ms, Inject = false, Description = action.Description + " (hidden inject, fired)" };
        }
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors));
        return scenario.WithTimeline(timeline);
    }
}
