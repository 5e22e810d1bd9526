using System.Text.RegularExpressions;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A route map as routers run them (FRR's <c>route-map</c>, Cisco IOS's, Junos's policy terms): ordered terms, each
/// with matches and a verdict, evaluated in sequence order; the first term whose matches all hold decides, permit
/// (with its sets applied) or deny; a route no term matches gets the map's default (deny, as FRR's and Cisco's
/// implicit deny). So the order of terms is the policy: a deny inserted before a permit withdraws what the permit let
/// through.
/// </summary>
public sealed record RouteMap(IReadOnlyList<RouteMapTerm> Terms, bool DefaultPermit = false)
{
    /// <summary>The route as the term list leaves it: null when denied.</summary>
    public RouteMapRoute? Apply(RouteMapRoute route)
    {
        var (permit, term) = Evaluate(route);
        return !permit ? null : term is null ? route : term.ApplySets(route);
    }

    /// <summary>The verdict on a route and the term that gave it (null: none matched, the default decided).</summary>
    public (bool Permit, RouteMapTerm? Term) Evaluate(RouteMapRoute route)
    {
        foreach (var term in Terms)
            if (term.Matches(route)) return (term.Permit, term);
        return (DefaultPermit, null);
    }

    /// <summary>The map with its terms in sequence order (what a reader builds; terms added by sequence number).</summary>
    public static RouteMap Of(IEnumerable<RouteMapTerm> terms, bool defaultPermit = false)
        => new(terms.OrderBy(t => t.Seq).ToList(), defaultPermit);
}

/// <summary>A route as a route map sees it: the prefix, the AS path (nearest AS first), its communities, the local
/// preference set on it (0: none), and how the AS that holds it learned it.</summary>
public sealed record RouteMapRoute(Prefix Prefix, IReadOnlyList<long> Path, IReadOnlyList<string> Communities, int LocalPref = 0,
    RouteOrigin LearnedFrom = RouteOrigin.Own)
{
    /// <summary>The AS path as text, as AS-path regular expressions see it: numbers separated by single spaces.</summary>
    public string PathText => string.Join(' ', Path);
}

/// <summary>How the AS that holds a route learned it: its own, or from a customer, peer or provider.</summary>
public enum RouteOrigin { Own, Customer, Peer, Provider }

/// <summary>One line of a prefix list (FRR's <c>ip prefix-list ... permit P [ge N] [le M]</c>): a prefix inside
/// <see cref="Prefix"/> whose length is between <see cref="Ge"/> and <see cref="Le"/>; without ge and le, the prefix
/// itself only.</summary>
public sealed record PrefixListEntry(Prefix Prefix, int Ge, int Le)
{
    public bool Matches(Prefix p) => p.Family == Prefix.Family && Prefix.Contains(p) && p.Length >= Ge && p.Length <= Le;

    public override string ToString() => Ge == Prefix.Length && Le == Prefix.Length ? Prefix.ToString()
        : Ge == Prefix.Length ? $"{Prefix} le {Le}" : Le == Prefix.MaxLength ? $"{Prefix} ge {Ge}" : $"{Prefix} ge {Ge} le {Le}";
}

/// <summary>
/// One term of a route map: its sequence number, permit or deny, its matches (every one given must hold: a prefix
/// list (any line), an AS-path regular expression, the origin AS (the path's last), any of some communities, how the
/// route was learned) and, for a permit, what it sets (local preference, communities added and removed, the AS's own
/// number prepended).
/// </summary>
public sealed record RouteMapTerm(int Seq, bool Permit)
{
    public IReadOnlyList<PrefixListEntry>? Prefixes { get; init; }
    /// <summary>An AS-path regular expression in the routers' dialect (<see cref="AsPathRegex"/>), or null.</summary>
    public AsPathRegex? AsPath { get; init; }
    public long? OriginAs { get; init; }
    public IReadOnlyList<string>? AnyCommunity { get; init; }
    public IReadOnlyList<RouteOrigin>? LearnedFrom { get; init; }
    public int? SetLocalPref { get; init; }
    public IReadOnlyList<string> AddCommunities { get; init; } = [];
    public IReadOnlyList<string> RemoveCommunities { get; init; } = [];
    /// <summary>How many times the AS's own number is prepended on export (0 – 16).</summary>
    public int Prepend { get; init; }

    public bool Matches(RouteMapRoute r)
        => (Prefixes is null || Prefixes.Any(e => e.Matches(r.Prefix)))
           && (AsPath is null || AsPath.IsMatch(r.PathText))
           && (OriginAs is null || (r.Path.Count > 0 && r.Path[^1] == OriginAs))
           && (AnyCommunity is null || AnyCommunity.Any(c => r.Communities.Contains(c)))
           && (LearnedFrom is null || LearnedFrom.Contains(r.LearnedFrom));

    /// <summary>The route with this term's sets applied (prepending is left to the exporter, who knows its number).</summary>
    public RouteMapRoute ApplySets(RouteMapRoute r)
    {
        var communities = r.Communities.Where(c => !RemoveCommunities.Contains(c)).Concat(AddCommunities).Distinct().Order(StringComparer.Ordinal).ToList();
        return r with { Communities = communities, LocalPref = SetLocalPref ?? r.LocalPref, Path = r.Path };
    }
}

/// <summary>
/// An AS-path regular expression as Cisco IOS and FRR write them: a POSIX-style expression over the path as text
/// ("3356 17557"), where <c>_</c> matches a boundary (the start, the end or the space between two numbers), so
/// <c>_17557$</c> is "originated by 17557" and <c>^$</c> "the AS's own routes". Evaluated with a time limit: a
/// hostile expression fails, it does not hang the run.
/// </summary>
public sealed class AsPathRegex
{
    private readonly Regex _regex;
    public string Text { get; }

    private AsPathRegex(string text, Regex regex) => (Text, _regex) = (text, regex);

    public static AsPathRegex? TryParse(string text, out string error)
    {
        error = "";
        if (text.Length > 256) { error = $"the AS-path expression is {text.Length} characters long; at most 256"; return null; }
        var pattern = text.Replace("_", "(?:^|$| )", StringComparison.Ordinal);
        try
        {
            return new AsPathRegex(text, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(100)));
        }
        catch (ArgumentException e)
        {
            error = $"'{text}' is not an AS-path regular expression: {e.Message}";
            return null;
        }
        catch (NotSupportedException e)
        {
            error = $"'{text}' uses a construct AS-path expressions do not have (back-references, look-around): {e.Message}";
            return null;
        }
    }

    public bool IsMatch(string path) => _regex.IsMatch(path);

    public override string ToString() => Text;
}
