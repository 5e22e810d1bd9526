using System.Text.RegularExpressions;

namespace BackboneSim.Model.Scenario;

/// <summary>Name patterns in scenario files: <c>*</c> any run of characters, <c>?</c> one; everything else literal.</summary>
public static class Glob
{
    /// <summary>What a pattern may use, for errors about patterns that match nothing.</summary>
    public const string Syntax = "patterns know only '*' for any run of characters and '?' for one character; '[', ']', '{' and '}' are matched as written";

    /// <summary>A matcher for the whole name; the timeout keeps a hostile pattern from hanging a run.</summary>
    public static Regex Compile(string pattern)
        => new("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// For an error about a pattern that matched nothing: the supported syntax, when a pattern looks like it expected
    /// another (character classes, braces); "" otherwise.
    /// </summary>
    public static string Hint(params string?[] patterns)
        => patterns.Any(p => p is not null && p.IndexOfAny(['[', ']', '{', '}']) >= 0) ? $" ({Syntax})" : "";
}
