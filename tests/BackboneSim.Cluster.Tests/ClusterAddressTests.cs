using BackboneSim.Silo.Clustering;

namespace BackboneSim.Cluster.Tests;

public sealed class ClusterAddressTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6379", "127.0.0.1", 6379, null, 0)]
    [InlineData("redis://cache.internal", "cache.internal", 6379, null, 0)]
    [InlineData("redis://:s3cr%40t@10.0.0.5:7000/2", "10.0.0.5", 7000, "s3cr@t", 2)]
    [InlineData("redis://[::1]:6380/", "::1", 6380, null, 0)]
    public void Parses_host_port_password_and_database(string text, string host, int port, string? password, int database)
        => Assert.Equal(new ClusterAddress(host, port, password, database), ClusterAddress.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("redis://")]
    [InlineData("redis://host:0")]
    [InlineData("redis://host:6379/x")]
    [InlineData("redis://host:6379/16")]
    [InlineData("redis://host:6379?ssl=true")]
    [InlineData("redis://user:pw@host:6379")]
    [InlineData("rediss://host:6380")]
    public void Rejects_anything_else(string text) => Assert.Throws<FormatException>(() => ClusterAddress.Parse(text));

    [Fact]
    public void Messages_never_show_the_password()
    {
        Assert.Equal("redis://:***@10.0.0.5:7000/2", ClusterAddress.Parse("redis://:hunter2@10.0.0.5:7000/2").ToString());
        var ex = Assert.Throws<FormatException>(() => ClusterAddress.Parse("redis://:hunter2@host:6379/x"));
        Assert.DoesNotContain("hunter2", ex.Message);
    }

    [Fact]
    public void The_cluster_id_defaults_and_is_checked()
    {
        Assert.Equal(ClusterConnection.DefaultClusterId, ClusterConnection.Parse("redis://h").ClusterId);
        Assert.Equal("lab-2", ClusterConnection.Parse("redis://h", "lab-2").ClusterId);
        Assert.Throws<FormatException>(() => ClusterConnection.Parse("redis://h", "a/b"));
    }
}
