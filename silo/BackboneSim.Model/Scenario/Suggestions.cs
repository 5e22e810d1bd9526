namespace BackboneSim.Model.Scenario;

/// <summary>"did you mean ...?" for misspelt keys and names, by edit distance.</summary>
public static class Suggestions
{
    public static string DidYouMean(string given, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: Distance(given.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, given.Length / 3)).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal).FirstOrDefault();
        return best.c is null ? "" : $" — did you mean '{best.c}'?";
    }

    /// <summary>
    /// Edits from a to b, counting two swapped neighbours as one (optimal string alignment): "unitl" is one edit from
    /// "until", so it wins over "junit" at two.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var before = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = Math.Min(cur[j], before[j - 2] + 1);
            }
            (before, prev, cur) = (prev, cur, before);
        }
        return prev[b.Length];
    }
}
