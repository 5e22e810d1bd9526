using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Users of one cohort moving to substitute services while a service fails, and back once it works. Each step,
/// the users a failing service leaves unserved who have not moved yet move at the substitutes' combined rate
/// (shared by rate); once fewer users are unserved than have moved, the surplus comes back at the service's return
/// rate. Exponential in continuous time, so the result does not depend on the step length beyond rounding.
/// </summary>
public sealed class SubstituteShift(IReadOnlyList<ServiceSpec> services, long cohortUsers)
{
    // Keyed "from>to" with ordinal order, so every run walks them alike.
    private readonly SortedDictionary<string, double> _moved = new(StringComparer.Ordinal);

    public bool Any => services.Any(s => s.Substitutes.Count > 0);

    /// <summary>Users now using <paramref name="to"/> instead of <paramref name="from"/>.</summary>
    public double Moved(string from, string to) => _moved.GetValueOrDefault(Key(from, to));

    /// <summary>Users moved into <paramref name="service"/> from every failing service.</summary>
    public double MovedInto(string service) => _moved.Where(kv => kv.Key.EndsWith(">" + service, StringComparison.Ordinal)).Sum(kv => kv.Value);

    /// <summary>Whether a step would change anything: some service with substitutes fails or someone has moved.</summary>
    public bool Moving(Func<string, double> availability)
        => services.Any(s => s.Substitutes.Count > 0 && availability(s.Name) < 1) || _moved.Values.Any(v => v > 0);

    /// <summary>Advances by <paramref name="stepMs"/>; returns each (from, to) pair whose moved users changed.</summary>
    public List<(string From, string To, double Users)> Step(long stepMs, Func<string, double> availability)
    {
        var changed = new List<(string, string, double)>();
        var hours = stepMs / 3_600_000.0;
        foreach (var s in services.Where(s => s.Substitutes.Count > 0))
        {
            var unserved = cohortUsers * s.UsersShare * (1 - availability(s.Name));
            var moved = s.Substitutes.Sum(x => Moved(s.Name, x.Service));
            var totalRate = s.Substitutes.Sum(x => x.ShiftPerHour);
            foreach (var sub in s.Substitutes)
            {
                var before = Moved(s.Name, sub.Service);
                double after;
                if (unserved > moved && totalRate > 0)
                    after = before + (unserved - moved) * (1 - Math.Exp(-totalRate * hours)) * sub.ShiftPerHour / totalRate;
                else if (moved > unserved)
                    after = before - (moved - unserved) * (1 - Math.Exp(-s.ReturnPerHour * hours)) * (moved > 0 ? before / moved : 0);
                else continue;
                after = Math.Round(after);
                if (after < 1) after = 0;
                if (after == before) continue;
                _moved[Key(s.Name, sub.Service)] = after;
                changed.Add((s.Name, sub.Service, after));
            }
        }
        return changed;
    }

    private static string Key(string from, string to) => from + ">" + to;
}
