using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Tests;

/// <summary>The copy-on-write link-state database: routers share the domain's converged chunks until they change one.</summary>
public sealed class LinkStateDatabaseTests
{
    private static readonly Lsa[] Initial = Enumerable.Range(0, 130).Select(i => new Lsa { Origin = 1000 + i, Sequence = 1 }).ToArray();

    [Fact]
    public void Two_databases_share_the_start_and_see_only_their_own_changes()
    {
        var chunks = LinkStateDatabase.Chunks(Initial);
        Assert.Equal(3, chunks.Length); // 64 + 64 + 2
        var (a, b) = (new LinkStateDatabase(chunks, Initial.Length), new LinkStateDatabase(chunks, Initial.Length));
        var newer = new Lsa { Origin = 1070, Sequence = 2 };
        a.Set(70, newer);
        b.Set(129, null);
        Assert.Same(newer, a[70]);
        Assert.Same(Initial[70], b[70]);
        Assert.Same(Initial[129], a[129]);
        Assert.Null(b[129]);
        Assert.Same(Initial[70], chunks[1][6]); // the shared chunk never changes
        Assert.Equal(130, a.Known());
        Assert.Equal(129, b.Known());
        Assert.Equal(Initial.Select((l, i) => i == 70 ? newer : l), a);
    }
}
