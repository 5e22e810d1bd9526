using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Tests;

/// <summary>The route-map engine (<see cref="RouteMap"/>, <see cref="RouteMapSpec"/>), prefix lists, AS-path
/// expressions and communities, each against values worked out by hand.</summary>
public class RouteMapTests
{
    private static RouteMapRoute Route(string prefix, long[] path, string[]? communities = null, RouteOrigin from = RouteOrigin.Customer)
        => new(Prefix.Parse(prefix), path, communities ?? [], 0, from);

    private static RouteMapTermSpec Permit(int seq) => new() { Seq = seq, Permit = true };

    [Fact]
    public void The_first_matching_term_decides_so_a_deny_inserted_before_a_permit_drops_the_route()
    {
        var permitAll = new RouteMapSpec { Terms = [Permit(20)] }.Build();
        Assert.NotNull(permitAll.Apply(Route("198.51.100.0/24", [64500])));
        var withDeny = new RouteMapSpec { Terms = [Permit(20), new() { Seq = 10, Permit = false, Prefixes = ["198.51.100.0/22 le 24"] }] }.Build();
        Assert.Null(withDeny.Apply(Route("198.51.100.0/24", [64500])));       // seq 10 comes first, whatever the order written
        Assert.NotNull(withDeny.Apply(Route("203.0.113.0/24", [64500])));     // not in the list: on to seq 20
        // Nothing matches: the implicit deny, unless the map's default is permit.
        var only = new RouteMapSpec { Terms = [new() { Seq = 10, Permit = true, OriginAs = 3320 }] };
        Assert.Null(only.Build().Apply(Route("198.51.100.0/24", [3356, 64500])));
        Assert.NotNull(new RouteMapSpec { Terms = only.Terms, DefaultPermit = true }.Build().Apply(Route("198.51.100.0/24", [3356, 64500])));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", false)]          // without ge/le: the prefix itself only
    [InlineData("10.0.0.0/8 le 16", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8 le 16", "10.1.1.0/24", false)]
    [InlineData("10.0.0.0/8 ge 24", "10.1.1.0/24", true)]     // ge alone: up to /32
    [InlineData("10.0.0.0/8 ge 24", "10.1.0.0/16", false)]
    [InlineData("10.0.0.0/8 ge 16 le 24", "10.1.1.0/24", true)]
    [InlineData("10.0.0.0/8 ge 16 le 24", "11.1.1.0/24", false)]
    public void Prefix_list_lines_follow_FRRs_ge_and_le(string line, string prefix, bool matches)
        => Assert.Equal(matches, RouteMapTermSpec.ParseLine(line, out _)!.Matches(Prefix.Parse(prefix)));

    [Theory]
    [InlineData("10.0.0.0/8 le 4", "the lengths must satisfy 8 ≤ ge ≤ le ≤ 32")]
    [InlineData("10.0.0.0/8 ge 24 le 16", "the lengths must satisfy")]
    [InlineData("10.0.0.0/8 le 33", "is not a prefix length 0 to 32")]
    [InlineData("10.0.0.0/8 le 16 ge 8", "expected 'ge N' then 'le M'")]
    [InlineData("10.0.0.0/8 16", "is not a prefix-list line")]
    public void A_wrong_prefix_list_line_says_why(string line, string message)
    {
        Assert.Null(RouteMapTermSpec.ParseLine(line, out var error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("_17557$", "3491 17557", true)]
    [InlineData("_17557$", "17557 3491", false)]
    [InlineData("^3491_", "3491 17557", true)]
    [InlineData("_1755_", "3491 17557", false)]               // _ is a boundary: 1755 is not 17557
    [InlineData("^$", "", true)]                              // the AS's own routes
    [InlineData("_(3356|1299)_", "7018 1299 13335", true)]
    public void AS_path_expressions_use_the_routers_boundary_underscore(string regex, string path, bool matches)
        => Assert.Equal(matches, AsPathRegex.TryParse(regex, out _)!.IsMatch(path));

    [Fact]
    public void A_hostile_AS_path_expression_is_refused_or_runs_in_linear_time()
    {
        Assert.Null(AsPathRegex.TryParse("(a", out var error));
        Assert.Contains("is not an AS-path regular expression", error);
        Assert.Null(AsPathRegex.TryParse(@"(\d)\1", out error));  // back-references cannot run in linear time
        var nested = AsPathRegex.TryParse("^(1+)+$", out _)!;      // catastrophic for a backtracking engine
        Assert.False(nested.IsMatch(new string('1', 5_000) + "x"));
    }

    [Theory]
    [InlineData("no-export", "65535:65281")]
    [InlineData("no-advertise", "65535:65282")]
    [InlineData("blackhole", "65535:666")]
    [InlineData("3356:070", "3356:70")]
    [InlineData("64500:1:4294967295", "64500:1:4294967295")]
    public void Communities_have_one_canonical_form(string text, string canonical) => Assert.Equal(canonical, Communities.Parse(text, out _));

    [Theory]
    [InlineData("65536:1")]
    [InlineData("1:2:3:4")]
    [InlineData("no_export")]
    public void A_wrong_community_is_refused(string text)
    {
        Assert.Null(Communities.Parse(text, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_permit_sets_local_preference_and_communities()
    {
        var map = new RouteMapSpec
        {
            Terms = [new() { Seq = 10, Permit = true, Communities = ["3356:100"], SetLocalPref = 300, AddCommunities = ["no-export"], RemoveCommunities = ["3356:100"] }],
        }.Build();
        var seen = map.Apply(Route("198.51.100.0/24", [3356], ["3356:100", "3356:200"]))!;
        Assert.Equal(300, seen.LocalPref);
        Assert.Equal(["3356:200", Communities.NoExport], seen.Communities);
        Assert.Null(map.Apply(Route("198.51.100.0/24", [3356], ["3356:200"]))); // no community matched: implicit deny
    }

    [Fact]
    public void An_export_map_decides_instead_of_the_relationship_and_prepends()
    {
        // A route from a provider goes to no peer by the relationship rule; an export map that permits it is a leak.
        var best = ((int From, AsRoute Route)?)(7, AsRoute.Plain([3356, 64500]));
        Assert.Null(BgpDecision.Advertised(17557, best, _ => BgpRelation.Provider, BgpRelation.Peer, false, 1, "198.51.100.0/24"));
        var leak = new RouteMapSpec { Terms = [new() { Seq = 10, Permit = true, Prepend = 2 }] }.Build();
        var sent = BgpDecision.Advertised(17557, best, _ => BgpRelation.Provider, BgpRelation.Peer, false, 1, "198.51.100.0/24", leak)!;
        Assert.Equal([17557L, 17557, 17557, 3356, 64500], sent.Path);
        // Learned with no-export, it goes to no neighbour at all.
        var kept = ((int From, AsRoute Route)?)(7, new AsRoute([3356, 64500], [Communities.NoExport]));
        Assert.Null(BgpDecision.Advertised(17557, kept, _ => BgpRelation.Customer, BgpRelation.Provider, false, 1, "198.51.100.0/24"));
    }
}
