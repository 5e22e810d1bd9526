using System.Net;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Tests.DataPlane;

/// <summary>Prefix parsing, canonical form and the trie's longest-prefix match (RFC 1812 §5.2.4.3), on hand-picked cases.</summary>
public class PrefixTests
{
    private static Prefix P(string text) => Prefix.Parse(text);

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("192.0.2.1/32", "192.0.2.1/32")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:0DB8:0000::/48", "2001:db8::/48")]
    [InlineData("::/0", "::/0")]
    public void Parses_and_writes_the_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, P(text).ToString());
        Assert.Equal(P(text), P(canonical));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("10.0.0.0", "has no prefix length")]
    [InlineData("10.0.0.0/33", "the prefix length 33 is longer than an IPv4 address (32 bits)")]
    [InlineData("2001:db8::/129", "the prefix length 129 is longer than an IPv6 address (128 bits)")]
    [InlineData("10.0.0.0/-1", "the prefix length '-1' is not a whole number 0 to 32")]
    [InlineData("10.0.0.0/08", "the prefix length '08' is not a whole number")]
    [InlineData("10.0.0.0/", "the prefix length '' is not a whole number")]
    [InlineData("10.0.0/8", "needs four dot-separated numbers")]
    [InlineData("10.0.0.256/32", "'256' is not a number 0 to 255")]
    [InlineData("010.0.0.0/8", "'010' is not a number 0 to 255 without leading zeros")]
    [InlineData("/8", "there is no address before the '/'")]
    [InlineData("2001:db8::g/32", "is not an IPv6 address")]
    [InlineData("fe80::%eth0/64", "zone index")]
    [InlineData("10.1.0.0/8", "'10.1.0.0/8' has host bits set after the first 8; the prefix is 10.0.0.0/8")]
    [InlineData("2001:db8::1/32", "has host bits set after the first 32; the prefix is 2001:db8::/32")]
    public void Bad_text_is_refused_with_what_is_wrong(string text, string expected)
    {
        Assert.False(Prefix.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
        var thrown = Assert.Throws<FormatException>(() => Prefix.Parse(text));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void Of_masks_the_host_bits_and_Contains_follows_the_prefix()
    {
        Assert.Equal(P("10.1.0.0/16"), Prefix.Of(IPAddress.Parse("10.1.2.3"), 16));
        Assert.True(P("10.0.0.0/8").Contains(P("10.1.0.0/16")));
        Assert.True(P("10.0.0.0/8").Contains(IPAddress.Parse("10.255.255.255")));
        Assert.False(P("10.0.0.0/8").Contains(IPAddress.Parse("11.0.0.0")));
        Assert.False(P("10.1.0.0/16").Contains(P("10.0.0.0/8")));
        Assert.False(P("0.0.0.0/0").Contains(P("::/0")));
    }

    [Fact]
    public void Ordered_by_family_then_address_then_length()
    {
        var sorted = new[] { "2001:db8::/32", "10.1.0.0/16", "::/0", "10.0.0.0/8", "0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/16" }
            .Select(P).Order().Select(p => p.ToString());
        Assert.Equal(["0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "::/0", "2001:db8::/32"], sorted);
    }

    private static PrefixTrie<string> Table(params string[] prefixes)
    {
        var trie = new PrefixTrie<string>();
        foreach (var p in prefixes) trie.Set(P(p), p);
        return trie;
    }

    private static string? Match(PrefixTrie<string> trie, string address) =>
        trie.TryLongestMatch(IPAddress.Parse(address), out var matched, out var value) ? $"{value}={matched}" : null;

    [Fact]
    public void Longest_match_picks_the_24_over_the_16_over_the_default()
    {
        var trie = Table("0.0.0.0/0", "10.1.0.0/16", "10.1.2.0/24", "10.1.3.0/24");
        Assert.Equal("10.1.2.0/24=10.1.2.0/24", Match(trie, "10.1.2.77"));
        Assert.Equal("10.1.3.0/24=10.1.3.0/24", Match(trie, "10.1.3.0"));
        Assert.Equal("10.1.0.0/16=10.1.0.0/16", Match(trie, "10.1.4.1"));
        Assert.Equal("0.0.0.0/0=0.0.0.0/0", Match(trie, "192.0.2.1"));
        // A prefix as the destination matches held prefixes at most as long as it.
        Assert.True(trie.TryLongestMatch(P("10.1.2.0/23"), out var m, out _));
        Assert.Equal(P("10.1.0.0/16"), m);
    }

    [Fact]
    public void Without_a_default_an_uncovered_address_has_no_match()
    {
        var trie = Table("10.1.0.0/16");
        Assert.Null(Match(trie, "10.2.0.1"));
        // IPv4 entries never answer for IPv6 destinations, even the IPv4 default.
        Assert.Null(Match(Table("0.0.0.0/0"), "2001:db8::1"));
    }

    [Fact]
    public void Longest_match_in_IPv6()
    {
        var trie = Table("::/0", "2001:db8::/32", "2001:db8:0:1::/64", "2001:db8:0:1::1/128");
        Assert.Equal("2001:db8:0:1::1/128=2001:db8:0:1::1/128", Match(trie, "2001:db8:0:1::1"));
        Assert.Equal("2001:db8:0:1::/64=2001:db8:0:1::/64", Match(trie, "2001:db8:0:1::2"));
        Assert.Equal("2001:db8::/32=2001:db8::/32", Match(trie, "2001:db8:ffff::1"));
        Assert.Equal("::/0=::/0", Match(trie, "2001:db9::1"));
    }

    [Fact]
    public void Remove_falls_back_to_the_shorter_prefix_and_exact_get_is_exact()
    {
        var trie = Table("10.0.0.0/8", "10.1.0.0/16");
        Assert.True(trie.TryGet(P("10.1.0.0/16"), out _));
        Assert.False(trie.TryGet(P("10.1.0.0/17"), out _));
        Assert.False(trie.TryGet(P("10.0.0.0/9"), out _));
        Assert.True(trie.Remove(P("10.1.0.0/16")));
        Assert.False(trie.Remove(P("10.1.0.0/16")));
        Assert.False(trie.Remove(P("10.2.0.0/16")));
        Assert.Equal(1, trie.Count);
        Assert.Equal("10.0.0.0/8=10.0.0.0/8", Match(trie, "10.1.2.3"));
        Assert.False(trie.Set(P("10.0.0.0/8"), "again"));
        Assert.Equal("again=10.0.0.0/8", Match(trie, "10.1.2.3"));
    }

    [Fact]
    public void Enumeration_is_in_prefix_order_whatever_the_insertion_order()
    {
        string[] prefixes = ["2001:db8::/32", "10.1.2.0/24", "0.0.0.0/0", "10.0.0.0/8", "::/0", "10.1.0.0/16", "192.0.2.0/24", "10.128.0.0/9"];
        var expected = prefixes.Select(P).Order().ToList();
        foreach (var order in new[] { prefixes, prefixes.Reverse().ToArray(), prefixes.OrderBy(p => p.Length).ToArray() })
        {
            var trie = Table(order);
            Assert.Equal(expected, trie.Entries().Select(e => e.Key));
        }
        Assert.Equal(["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.128.0.0/9"],
            Table(prefixes).EntriesWithin(P("10.0.0.0/8")).Select(e => e.Value));
    }
}
