using System.Text;
using System.Text.RegularExpressions;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Scenarios.Fuzzing;

/// <summary>
/// Mutates a scenario or topology file the way a careless or hostile author might: line edits, hostile values, huge
/// numbers, deep nesting, aliases, includes of special files, control characters and binary junk. Driven by a
/// <see cref="DeterministicRandom"/>, so a seed names a case for good.
/// </summary>
public static class ScenarioMutator
{
    /// <summary>Special files the runner lays out beside the library (<see cref="LoaderFuzz"/>), relative to the scenarios.</summary>
    public static readonly string[] SpecialIncludes =
    [
        "special/zero.yaml", "special/urandom.yaml", "special/fifo.yaml", "special/folder.yaml", "special/loop.yaml",
        "special/missing.yaml", "special/dangling.yaml", "/dev/zero", "../../../../etc/passwd", "\"a\\0b.yaml\"", "\"\\0\"", "\"\"",
        "\"special/\\e[31mred.yaml\"", "[special/fifo.yaml, special/zero.yaml]", "{ a: b }", new string('x', 5000) + ".yaml",
    ];

    private static readonly string[] HostileValues =
    [
        "-1", "0", "4294967296", "-4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999999999999", "1e400", "-1e400", "1e-400", ".nan", ".inf", "-.inf", "0x10", "0o17", "1_000",
        "~", "null", "[]", "{}", "''", "\"\"", "true", "\"\\0\"", "\"\\e[2J\\a\"", "\"x\\ny.yaml:1:1: forged\"", "\"\\u202eevil\"",
        "\"*\"", "\"[12]\"", "\"{a,b}\"", "\"**?**\"", "-5m", "999999h", "1ms", "0s", "24:00:00", "25:61:61", "+999999999999h",
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "\"" + new string('a', 10_000) + "\"", "&anchor 1", "*undefined",
        "!!binary aGk=", "!custom x", "? complex", "|\n  block", "- item", "\"\\uD800\"",
    ];

    private static readonly Regex Values = new(@"(?<=[\w""']: )[^,}\]\n#]+", RegexOptions.CultureInvariant);
    private static readonly Regex Digits = new(@"\d+", RegexOptions.CultureInvariant);
    private static readonly Regex Include = new(@"(?<=include: )[^\n#]+", RegexOptions.CultureInvariant);

    private delegate string Edit(string text, DeterministicRandom rng, StringBuilder log);

    private static readonly (string Name, Edit Apply)[] Edits =
    [
        ("delete a line", (t, r, _) => WithLines(t, r, (lines, i) => lines.RemoveAt(i))),
        ("duplicate a line", (t, r, _) => WithLines(t, r, (lines, i) => lines.Insert(i, lines[i]))),
        ("repeat a line", (t, r, _) => WithLines(t, r, (lines, i) => lines.InsertRange(i, Enumerable.Repeat(lines[i], (int)r.NextLong(10, 3000))))),
        ("swap two lines", (t, r, _) => WithLines(t, r, (lines, i) => { var j = (int)r.NextLong(0, lines.Count); (lines[i], lines[j]) = (lines[j], lines[i]); })),
        ("re-indent a line", (t, r, _) => WithLines(t, r, (lines, i) => lines[i] = r.NextLong(0, 3) switch { 0 => "  " + lines[i], 1 => lines[i].TrimStart(), _ => "\t" + lines[i] })),
        ("truncate", (t, r, _) => t[..(int)r.NextLong(0, t.Length + 1)]),
        ("hostile value", (t, r, log) => ReplaceOne(t, r, Values, _ => Pick(r, HostileValues), log)),
        ("huge number", (t, r, log) => ReplaceOne(t, r, Digits, m => Pick(r, ["99999999999999999999", "4294967296", "2147483648", "9223372036854775807", m + "000000000", "0" + m, m + ".5", m + "e300"]), log)),
        ("deep nesting", (t, r, log) => ReplaceOne(t, r, Values, _ => Nested((int)r.NextLong(50, 5000), r.NextLong(0, 2) == 0), log)),
        ("aliases", (t, r, _) => Aliases(r) + t),
        ("special include", (t, r, log) => Include.IsMatch(t) ? ReplaceOne(t, r, Include, _ => Pick(r, SpecialIncludes), log)
            : t + "\ntopology:\n  include: " + Pick(r, SpecialIncludes) + "\n"),
        ("control characters", (t, r, log) => ReplaceOne(t, r, Values, m => m.TrimEnd() + Pick(r, ["\u001b[31m", "\a", "\u0085", "\u202e", "\u0000", "\r", "\v", "\f"]), log)),
    ];

    /// <summary>One to three edits of <paramref name="text"/>; sometimes binary junk on top. Says what it did in <paramref name="description"/>.</summary>
    public static byte[] Mutate(string text, DeterministicRandom rng, out string description)
    {
        var log = new StringBuilder();
        var count = (int)rng.NextLong(1, 4);
        for (var i = 0; i < count; i++)
        {
            var (name, apply) = Edits[(int)rng.NextLong(0, Edits.Length)];
            log.Append(log.Length > 0 ? "; " : "").Append(name);
            text = apply(text, rng, log);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        if (rng.NextLong(0, 8) == 0)
        {
            var junk = new byte[rng.NextLong(1, 64)];
            for (var i = 0; i < junk.Length; i++) junk[i] = (byte)rng.NextLong(0, 256);
            var at = (int)rng.NextLong(0, bytes.Length + 1);
            bytes = [.. bytes[..at], .. junk, .. bytes[at..]];
            log.Append($"; {junk.Length} bytes of binary junk at byte {at}");
        }
        description = log.ToString();
        return bytes;
    }

    /// <summary>A flow list nested <paramref name="depth"/> deep, or a flow mapping left unclosed.</summary>
    private static string Nested(int depth, bool list)
        => list ? new string('[', depth) + "1" + new string(']', depth) : string.Concat(Enumerable.Repeat("{a: ", depth)) + "1";

    private static string Pick(DeterministicRandom rng, IReadOnlyList<string> choices) => choices[(int)rng.NextLong(0, choices.Count)];

    private static string WithLines(string text, DeterministicRandom rng, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, (int)rng.NextLong(0, lines.Count));
        return string.Join('\n', lines);
    }

    private static string ReplaceOne(string text, DeterministicRandom rng, Regex where, Func<string, string> with, StringBuilder log)
    {
        var matches = where.Matches(text);
        if (matches.Count == 0) return text;
        var m = matches[(int)rng.NextLong(0, matches.Count)];
        var replacement = with(m.Value);
        log.Append($" at char {m.Index}: '{Clip(m.Value)}' -> '{Clip(replacement)}'");
        return text[..m.Index] + replacement + text[(m.Index + m.Length)..];
    }

    private static string Clip(string s) => EscapedText.Escape(s.Length <= 40 ? s : s[..40] + "...");

    /// <summary>An alias bomb (each level refers to the one below ten times), an undefined alias, or a self-reference.</summary>
    private static string Aliases(DeterministicRandom rng) => rng.NextLong(0, 3) switch
    {
        0 => "bomb0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, (int)rng.NextLong(2, 10))
            .Select(i => $"bomb{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n")),
        1 => "dangling: *nowhere\n",
        _ => "self: &s [*s]\n",
    };
}
