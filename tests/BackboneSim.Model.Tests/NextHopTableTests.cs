using BackboneSim.Model.DataPlane;
using Xunit;

namespace BackboneSim.Model.Tests;

/// <summary>The compact loopback table: 16-bit set numbers, compacted when the list of sets would overflow them.</summary>
public sealed class NextHopTableTests
{
    [Fact]
    public void Many_distinct_sets_over_time_compact_to_those_in_use()
    {
        var table = new NextHopTable(3);
        table[0] = [new NextHop(1, 100)];
        // 70,000 different sets pass through ordinal 1 (more than 16 bits number): only the last is still in use.
        for (var i = 0; i < 70_000; i++) table[1] = [new NextHop(2, 1_000 + i)];
        Assert.Equal([new NextHop(1, 100)], table[0]!);
        Assert.Equal([new NextHop(2, 70_999)], table[1]!);
        Assert.Null(table[2]);
        Assert.True(table.Sets.Count < ushort.MaxValue);
    }

    [Fact]
    public void Removing_an_interface_keeps_the_other_hops()
    {
        var table = new NextHopTable(2);
        table[0] = [new NextHop(1, 10), new NextHop(2, 20)];
        table[1] = [new NextHop(2, 20)];
        Assert.Equal(2, table.RemoveInterface(2));
        Assert.Equal([new NextHop(1, 10)], table[0]!);
        Assert.Null(table[1]);
    }
}
