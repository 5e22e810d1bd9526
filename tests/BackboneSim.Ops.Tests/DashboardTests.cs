using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BackboneSim.Silo.Dashboard;
using Microsoft.Extensions.Configuration;

namespace BackboneSim.Ops.Tests;

/// <summary>The Orleans Dashboard at /dashboard: on by default only on loopback, otherwise only on request and behind a credential.</summary>
public sealed class DashboardTests
{
    private static DashboardAccess Decide(string[] urls, params (string Key, string Value)[] settings)
        => DashboardAccess.Decide(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(), urls);

    [Theory]
    [InlineData("http://127.0.0.1:9464", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:9464", false)]
    [InlineData("http://*:9464", false)]
    [InlineData("http://+:9464", false)]
    [InlineData("http://10.1.2.3:9464", false)]
    [InlineData("http://sim.example.org:80", false)]
    public void Loopback_addresses_are_told_apart_from_exposed_ones(string url, bool loopback)
        => Assert.Equal(loopback, DashboardAccess.IsLoopback(url));

    [Fact]
    public void On_loopback_the_dashboard_is_on_by_default_and_can_be_turned_off()
    {
        Assert.True(Decide(["http://127.0.0.1:9464"]).Enabled);
        Assert.Null(Decide(["http://127.0.0.1:9464"]).Credential);
        Assert.False(Decide(["http://127.0.0.1:9464"], (DashboardAccess.EnabledKey, "false")).Enabled);
    }

    [Fact]
    public void On_an_exposed_address_it_needs_the_flag_and_a_credential()
    {
        string[] exposed = ["http://127.0.0.1:9464", "http://0.0.0.0:9465"];
        var off = Decide(exposed);
        Assert.False(off.Enabled);
        Assert.Contains("0.0.0.0", off.Reason);
        Assert.False(Decide(exposed, (DashboardAccess.UsernameKey, "ops"), (DashboardAccess.PasswordKey, "pw")).Enabled); // a credential alone is not a request
        var refused = Assert.Throws<DashboardConfigurationException>(() => Decide(exposed, (DashboardAccess.EnabledKey, "true")));
        Assert.Contains(DashboardAccess.PasswordKey, refused.Message);
        var on = Decide(exposed, (DashboardAccess.EnabledKey, "true"), (DashboardAccess.UsernameKey, "ops"), (DashboardAccess.PasswordKey, "pw"));
        Assert.True(on.Enabled);
        Assert.Equal(new DashboardCredential("ops", "pw"), on.Credential);
    }

    [Fact]
    public void Half_a_credential_or_a_bad_flag_is_refused()
    {
        Assert.Throws<DashboardConfigurationException>(() => Decide(["http://127.0.0.1:1"], (DashboardAccess.UsernameKey, "ops")));
        Assert.Throws<DashboardConfigurationException>(() => Decide(["http://127.0.0.1:1"], (DashboardAccess.EnabledKey, "maybe")));
    }

    [Fact]
    public async Task The_loopback_host_serves_the_dashboard_and_a_configured_credential_guards_it()
    {
        await using (var open = await OpsHost.StartAsync())
        {
            var page = await open.Http.GetAsync(DashboardUrl(open, "/"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.OK, (await open.Http.GetAsync(DashboardUrl(open, "/ClusterStats"))).StatusCode);
        }

        await using var guarded = await OpsHost.StartAsync("--Dashboard:Username=ops", "--Dashboard:Password=s3cret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await guarded.Http.GetAsync(DashboardUrl(guarded, "/"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(guarded, "/ClusterStats", "ops:wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(guarded, "/ClusterStats", "ops:s3cret")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guarded.Http.GetAsync(guarded.Silo.MetricsUrl)).StatusCode); // /metrics stays open
    }

    [Fact]
    public async Task No_dashboard_turns_it_off()
    {
        await using var host = await OpsHost.StartAsync("--no-dashboard");
        Assert.False(host.Silo.Dashboard.Enabled);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync(DashboardUrl(host, "/"))).StatusCode);
    }

    private static string DashboardUrl(OpsHost host, string path) => host.Silo.Urls[0].TrimEnd('/') + DashboardAccess.Path + path;

    private static Task<HttpResponseMessage> Get(OpsHost host, string path, string userColonPassword)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, DashboardUrl(host, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userColonPassword)));
        return host.Http.SendAsync(request);
    }
}
