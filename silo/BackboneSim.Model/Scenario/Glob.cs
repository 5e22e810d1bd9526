using System.Text.RegularExpressions;

namespace BackboneSim.Model.Scenario;

/// <summary>Name patterns in scenario files: <c>*</c> any run of characters, <c>?</c> one; everything else literal.</summary>
public static class Glob
{
    /// <summary>A matcher for the whole name; the timeout keeps a hostile pattern from hanging a run.</summary>
    public static Regex Compile(string pattern)
        => new("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
