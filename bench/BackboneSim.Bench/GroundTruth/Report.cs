using System.Globalization;
using System.Text;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// The comparison as Markdown: per configuration, figure | real daemons | simulator | difference | within the goal,
/// each miss with its one-line explanation; then the effects across configurations (the MRAI's, the fall count's).
/// </summary>
public static class Report
{
    public sealed record Side(GtConfig Config, List<Figure> Real, List<Figure> Sim, List<string> Notes);

    /// <summary>
    /// Why a figure misses the goal, where the mechanism is known (found by reading the daemons' logs of runs that
    /// missed; shown only for figures that miss it).
    /// </summary>
    public static readonly Dictionary<string, string> Explanations = new()
    {
        ["restore-adjacency"] = "a race on the real side, left out of the model: FRR sends an interface's first hello 1 ms after it " +
            "comes up and answers no hello on a point-to-point link (ospf_ism.c, ospf_packet.c), so both ends are two-way at once (full " +
            "in tens of ms) only when one end's first hello arrives in the other's millisecond between its interface coming up and its " +
            "own first hello; otherwise the first hellos cross and two-way waits one hello interval (10 s), as in the simulator. The " +
            "skew that decides it is OS scheduling here (each platform's link-up path on routers), with no general figure to model it " +
            "by (docs/model.md, Ground truth).",
        ["adjacency-pop-route"] = "follows the adjacency race (above). At full each end originates a router-LSA listing the other, " +
            "which the neighbour discards (it installed the previous instance in the database exchange: MinLSArrival, 1 s, RFC 2328 " +
            "§13), on both sides. When FRR won the race on one data-center link, the other formed a hello interval later, and the " +
            "discarded LSA went again only then: FRR's retransmission timer ticks every retransmit-interval (5 s) from the start of " +
            "the exchange and skips LSAs younger than that (ospf_ls_upd_timer), so an LSA originated milliseconds after the exchange " +
            "began waits for the second tick, 10 s. The simulator forms both links' adjacencies together (the first hellos cross), " +
            "and the data center's next LSA, 5 s later (the LSA throttle, as FRR's with crossed hellos: 5.0 s on both sides), brings " +
            "the route back; it retransmits 5 s after the send (RFC 2328 §13.6) (docs/model.md, Ground truth).",
        ["restore-first-announce"] = "follows the PoP's route's return (above): the check that first passes is one interval later or " +
            "earlier than the simulator's, so rise checks end one interval (10 s) apart.",
        ["restore-last-announce"] = "as for the first announcement: the PoP's route returned on the other side of a check.",
        ["announce-to-far"] = "FRR holds an announcement for what is left of a full advertisement-interval since the last UPDATE to that " +
            "peer (the withdrawal); the simulator does the same (bgp_mrai_jitter 1, the interval restarted by a withdrawal), so the hold " +
            "differs when the announcement leaves at another moment: after the PoP's route returned on the other side of a check " +
            "(above), it lands elsewhere in the same interval.",
        ["restore-to-far"] = "the sum of the stages above: the announcement left one check later or earlier (the PoP's route's return), " +
            "and with MRAI 30 s what is left of the interval since the withdrawal holds it for that much longer or shorter.",
        ["updates-withdraw"] = "the tier-1's choice between the two equal paths: when it already used the second PoP's path, the first " +
            "PoP's withdrawal changes nothing there and no path is explored (7 UPDATEs instead of 10).",
        ["far-to-answer"] = "Unbound answers the failed name again once its cached SERVFAIL runs out (about 5 s); the simulator draws that " +
            "instant uniformly in [0, servfail_cache = 5 s) per cohort: one real sample against one draw of a uniform variable.",
        ["restore-to-answer"] = "the sum of the stages above: the announcement's check (the PoP's route's return) and Unbound's 5 s " +
            "failure cache against a uniform draw.",
        ["route-to-servfail"] = "the SERVFAIL comes at the cache's next expiry, which the resolver refreshes at the first query after the " +
            "previous one ran out (200 ms apart, TTL in whole seconds), so the real grid drifts from the simulator's by up to a second per TTL.",
    };

    public static string Format(Figure f) => f.Value is not { } v ? "—" : f.Unit switch
    {
        FigureUnit.Ms => SecondsOf(v),
        FigureUnit.Count => v.ToString("0", CultureInfo.InvariantCulture),
        _ => v != 0 ? "yes" : "no",
    };

    private static string SecondsOf(double ms) => (ms / 1000).ToString(Math.Abs(ms) < 10_000 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + " s";

    private static string Difference(Figure real, Figure sim)
    {
        if (real.Value is not { } r || sim.Value is not { } s) return "—";
        if (real.Unit == FigureUnit.YesNo) return r == s ? "same" : "differs";
        var d = s - r;
        var text = real.Unit == FigureUnit.Ms ? (d >= 0 ? "+" : "−") + SecondsOf(Math.Abs(d)) : (d >= 0 ? "+" : "−") + Math.Abs(d).ToString("0", CultureInfo.InvariantCulture);
        return r != 0 ? text + string.Create(CultureInfo.InvariantCulture, $" ({(d >= 0 ? "+" : "−")}{Math.Abs(d) / Math.Abs(r) * 100:0} %)") : text;
    }

    public static (string Markdown, int Within, int Compared) Table(Side side)
    {
        var b = new StringBuilder()
            .AppendLine("| figure | real daemons | simulator | difference | within ±50 % or ±1 s |")
            .AppendLine("|---|---|---|---|---|");
        var (within, compared) = (0, 0);
        var misses = new List<string>();
        foreach (var real in side.Real)
        {
            var sim = side.Sim.Single(s => s.Key == real.Key);
            var ok = Figures.WithinGoal(real, sim);
            if (ok is not null) { compared++; if (ok == true) within++; }
            var mark = ok switch { null => "n/a", true => "yes", false => "**no**" };
            b.AppendLine($"| {real.Name} | {Format(real)} | {Format(sim)} | {Difference(real, sim)} | {mark} |");
            if (ok == false)
                misses.Add($"- *{real.Name}*: {(Explanations.TryGetValue(real.Key, out var why) ? why : "not explained yet.")}");
        }
        if (misses.Count > 0) b.AppendLine().AppendLine("Misses:").AppendLine().AppendLine(string.Join('\n', misses));
        if (side.Notes.Count > 0) b.AppendLine().AppendLine(string.Join('\n', side.Notes.Select(n => "- note: " + n)));
        return (b.ToString(), within, compared);
    }

    /// <summary>Effects across configurations: the same figure's change from one configuration to another, on both sides.</summary>
    public static string Effects(IReadOnlyList<Side> sides)
    {
        var pairs = new (string From, string To, string Key, string What)[]
        {
            ("mrai0-fall3", "mrai30-fall3", "withdraw-to-far", "MRAI 30 s vs 0 (long cut): last withdrawal sent → farthest AS has no route"),
            ("mrai0-fall3", "mrai30-fall3", "announce-to-far", "MRAI 30 s vs 0 (long cut): first announcement sent → farthest AS has a route"),
            ("mrai0-fall1-flap", "mrai30-fall1-flap", "announce-to-far", "MRAI 30 s vs 0 (flap): first announcement sent → farthest AS has a route"),
            ("mrai0-fall1-flap", "mrai30-fall1-flap", "updates-withdraw", "MRAI 30 s vs 0 (flap): UPDATEs for the withdrawal"),
            ("mrai0-fall3", "mrai0-fall1-flap", "cut-first-withdraw", "fall 1 vs fall 3: cut → first withdrawal"),
            ("mrai0-fall3", "mrai0-fall1-flap", "cut-last-withdraw", "fall 1 vs fall 3: cut → last withdrawal"),
        };
        var b = new StringBuilder()
            .AppendLine("| effect | real daemons | simulator | difference | within ±50 % or ±1 s |")
            .AppendLine("|---|---|---|---|---|");
        var any = false;
        foreach (var (from, to, key, what) in pairs)
        {
            var a = sides.FirstOrDefault(s => s.Config.Name == from);
            var z = sides.FirstOrDefault(s => s.Config.Name == to);
            if (a is null || z is null) continue;
            any = true;
            Figure Delta(Func<Side, List<Figure>> pick)
            {
                var x = pick(a).Single(f => f.Key == key);
                var y = pick(z).Single(f => f.Key == key);
                return new Figure(key, what, x.Unit, x.Value is { } xv && y.Value is { } yv ? yv - xv : null);
            }
            var real = Delta(s => s.Real);
            var sim = Delta(s => s.Sim);
            var ok = Figures.WithinGoal(real, sim);
            b.AppendLine($"| {what} | {Signed(real)} | {Signed(sim)} | {Difference(real, sim)} | {(ok switch { null => "n/a", true => "yes", false => "**no**" })} |");
        }
        return any ? b.ToString() : "";
    }

    private static string Signed(Figure f) => f.Value is { } v && v > 0 ? "+" + Format(f) : Format(f);
}
