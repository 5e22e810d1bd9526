using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Tests.DataPlane;

public class NextHopTableTests
{
    private static readonly NextHop A = new(1, 10), B = new(2, 20), C = new(3, 30);

    [Fact]
    public void Equal_sets_share_one_number_and_empty_sets_are_no_entry()
    {
        var table = NextHopTable.From([[A, B], null, [A, B], [], [C]]);
        Assert.Equal(3, table.Count);
        Assert.Equal(table.Index[0], table.Index[2]);
        Assert.Equal(0, table.Index[1]);
        Assert.Null(table[3]);
        Assert.Equal([C], table[4]!);
        Assert.Equal(2, table.Sets.Count);
    }

    [Fact]
    public void Removing_an_interface_rewrites_every_entry_through_it_and_removes_those_left_without_next_hops()
    {
        var table = NextHopTable.From([[A, B], [A], [C], [A, B]]);
        var copy = table.Clone();
        Assert.Equal(3, table.RemoveInterface(1));
        Assert.Equal([B], table[0]!);
        Assert.Null(table[1]);
        Assert.Equal([C], table[2]!);
        Assert.Equal([B], table[3]!);
        Assert.Equal(0, table.RemoveInterface(1));
        // The copy taken before is untouched.
        Assert.Equal([A, B], copy[0]!);
        Assert.Equal([A], copy[1]!);
        copy.Clear();
        Assert.Equal(0, copy.Count);
        Assert.Equal(3, table.Count);
    }
}
