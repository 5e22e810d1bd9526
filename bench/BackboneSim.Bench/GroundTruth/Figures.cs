namespace BackboneSim.Bench.GroundTruth;

/// <summary>One measured figure: a duration in ms, a count, or yes/no; null when the run did not show it.</summary>
public sealed record Figure(string Key, string Name, FigureUnit Unit, double? Value);

public enum FigureUnit { Ms, Count, YesNo }

/// <summary>
/// The figures, computed the same way from either side's <see cref="Observations"/>. Times are from the schedule's
/// instants (cut, restore) or between observed steps; the withdrawal's path is followed from the PoP that withdrew
/// last (its withdrawal is the one that takes the prefix off the Internet): PoP → its transit AS → the tier-1 → the
/// farthest AS.
/// </summary>
public static class Figures
{
    public static List<Figure> Compute(Observations o, GtConfig c)
    {
        long cut = GtConfig.CutAtMs, restore = c.RestoreAtMs;
        var f = new List<Figure>();
        void Ms(string key, string name, long? ms) => f.Add(new Figure(key, name, FigureUnit.Ms, ms));

        // The IGP under the health check: the first PoP to lose (regain) its route to the data center.
        var lost = First(o.PopRoute.Where(r => !r.Present && r.Ms >= cut && r.Ms < restore).Select(r => r.Ms));
        Ms("cut-pop-route", "cut → a PoP's route to the data center is gone", lost - cut);

        // The withdrawal.
        var withdrawals = o.Verdicts.Where(v => v.Withdraw && v.Ms >= cut && v.Ms < restore).ToList();
        var firstByPop = withdrawals.GroupBy(v => v.Pop).Select(g => g.Min(v => v.Ms)).ToList();
        Ms("cut-first-withdraw", "cut → first health-check withdrawal (a PoP)", firstByPop.Count > 0 ? firstByPop.Min() - cut : null);
        Ms("cut-last-withdraw", "cut → last health-check withdrawal (both PoPs)", firstByPop.Count == GtTopology.Pops.Length ? firstByPop.Max() - cut : null);

        var last = withdrawals.OrderBy(v => v.Ms).LastOrDefault();
        long? t0 = null, t1 = null, t2 = null, t3 = null;
        if (last != default)
        {
            var transit = $"as{GtTopology.Peerings.Single(p => p.Router == last.Pop).Asn}";
            var tier1 = $"as{GtTopology.AsLinks.Single(l => $"as{l.Customer}" == transit).Provider}";
            t0 = First(o.OriginSent.Where(s => s.Pop == last.Pop && s.Withdraw && s.Ms >= last.Ms - 1000).Select(s => s.Ms));
            t1 = t0 is null ? null : First(o.Updates.Where(u => u.At == transit && u.From == last.Pop && u.Withdraw && u.Prefix == GtTopology.DnsPrefix && u.Ms >= t0).Select(u => u.Ms));
            t2 = t1 is null ? null : First(o.Updates.Where(u => u.At == tier1 && u.From == transit && u.Withdraw && u.Prefix == GtTopology.DnsPrefix && u.Ms >= t1).Select(u => u.Ms));
            t3 = t2 is null ? null : First(o.FarRoute.Where(r => r.Prefix == GtTopology.DnsPrefix && !r.Present && r.Ms >= t2).Select(r => r.Ms));
        }
        Ms("verdict-to-send", "last PoP: health-check verdict → withdrawal sent", t0 - last.Ms);
        Ms("hop1-withdraw", "withdrawal hop 1: PoP → its transit AS", t1 - t0);
        Ms("hop2-withdraw", "withdrawal hop 2: transit AS → tier-1", t2 - t1);
        Ms("hop3-withdraw", "withdrawal hop 3: tier-1 → farthest AS (route gone)", t3 - t2);
        Ms("withdraw-to-far", "last withdrawal sent → farthest AS has no route (3 AS hops)", t3 - t0);
        Ms("cut-to-far", "cut → farthest AS has no route", t3 - cut);
        var firstWithdraw = withdrawals.Count > 0 ? withdrawals.Min(v => v.Ms) : (long?)null;
        f.Add(new Figure("updates-withdraw", "UPDATEs about the DNS prefix received by the 4 ASes, first withdrawal → restore", FigureUnit.Count,
            firstWithdraw is null ? null : o.Updates.Count(u => u.Prefix == GtTopology.DnsPrefix && u.Ms >= firstWithdraw - 1000 && u.Ms < restore)));
        var everPresent = o.FarRoute.Any(r => r.Prefix == GtTopology.OperatorPrefix && r.Present && r.Ms < 0) || !o.FarRoute.Any(r => r.Prefix == GtTopology.OperatorPrefix);
        f.Add(new Figure("unconditional-visible", $"operator prefix {GtTopology.OperatorPrefix} (no health check) visible at the farthest AS throughout", FigureUnit.YesNo,
            everPresent && !o.FarRoute.Any(r => r.Prefix == GtTopology.OperatorPrefix && !r.Present && r.Ms >= 0) ? 1 : 0));

        // The resolver.
        var servfail = First(o.Resolver.Where(r => !r.Answering && r.Ms >= cut).Select(r => r.Ms));
        Ms("route-to-servfail", "farthest AS has no route → first SERVFAIL at the resolver", servfail - t3);
        var expiry = servfail is null ? null : o.CacheExpiries.Where(x => x <= servfail + 500).Select(x => (long?)x).LastOrDefault();
        Ms("expiry-to-servfail", $"cached record expires (TTL {c.TtlSeconds} s) → first SERVFAIL", servfail - expiry);

        // The recovery.
        var adjacency = First(o.AdjacencyUp.Where(a => a.Ms >= restore && GtTopology.DataCenterLinks.Any(l => l.SimName == a.Link)).Select(a => a.Ms));
        Ms("restore-adjacency", "restore → first IGP adjacency full on a data-center link", adjacency - restore);
        var regained = First(o.PopRoute.Where(r => r.Present && r.Ms >= restore).Select(r => r.Ms));
        Ms("adjacency-pop-route", "adjacency full → a PoP has a route to the data center again", regained - adjacency);
        Ms("restore-pop-route", "restore → a PoP has a route to the data center again", regained - restore);
        var announces = o.Verdicts.Where(v => !v.Withdraw && v.Ms >= restore).GroupBy(v => v.Pop).Select(g => g.Min(v => v.Ms)).ToList();
        Ms("restore-first-announce", "restore → first health-check announcement", announces.Count > 0 ? announces.Min() - restore : null);
        Ms("restore-last-announce", "restore → last health-check announcement", announces.Count == GtTopology.Pops.Length ? announces.Max() - restore : null);
        var a0 = First(o.OriginSent.Where(s => !s.Withdraw && s.Ms >= restore).Select(s => s.Ms));
        var back = a0 is null ? null : First(o.FarRoute.Where(r => r.Prefix == GtTopology.DnsPrefix && r.Present && r.Ms >= a0).Select(r => r.Ms));
        Ms("announce-to-far", "first announcement sent → farthest AS has a route again", back - a0);
        Ms("restore-to-far", "restore → farthest AS has a route again", back - restore);
        var answer = servfail is null ? null : First(o.Resolver.Where(r => r.Answering && r.Ms > servfail).Select(r => r.Ms));
        Ms("far-to-answer", "farthest AS has a route again → first answer at the resolver", answer - back);
        Ms("restore-to-answer", "restore → first answer at the resolver", answer - restore);
        f.Add(new Figure("updates-recover", "UPDATEs about the DNS prefix received by the 4 ASes, restore → end", FigureUnit.Count,
            o.Updates.Count(u => u.Prefix == GtTopology.DnsPrefix && u.Ms >= restore)));
        return f;
    }

    private static long? First(IEnumerable<long> values)
    {
        long? best = null;
        foreach (var v in values) if (best is null || v < best) best = v;
        return best;
    }

    /// <summary>The issue's goal: within ±50 % of the real figure or ±1 s (counts: ±50 % or ±1; yes/no: equal).</summary>
    public static bool? WithinGoal(Figure real, Figure sim)
    {
        if (real.Value is not { } r || sim.Value is not { } s) return real.Value is null && sim.Value is null ? null : false;
        var d = Math.Abs(s - r);
        return real.Unit switch
        {
            FigureUnit.Ms => d <= 1000 || d <= 0.5 * Math.Abs(r),
            FigureUnit.Count => d <= 1 || d <= 0.5 * Math.Abs(r),
            _ => r == s,
        };
    }
}
