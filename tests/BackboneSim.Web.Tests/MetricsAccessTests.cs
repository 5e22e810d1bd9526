using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BackboneSim.Tests.Shared;
using BackboneSim.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace BackboneSim.Web.Tests;

/// <summary>The web host's /metrics follows the dashboard's rule: loopback by default, otherwise a flag and a credential.</summary>
public sealed class MetricsAccessTests
{
    /// <summary>Whether a host built for <paramref name="args"/> (never started: tests bind loopback only) maps /metrics.</summary>
    private static async Task<bool> MapsMetrics(params string[] args)
    {
        var app = WebHost.Build(["--scenarios", RepoPaths.File("scenarios"), .. args]);
        try
        {
            return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
                .Any(e => e.RoutePattern.RawText?.TrimStart('/') == "metrics");
        }
        finally { await app.DisposeAsync(); }
    }

    [Fact]
    public async Task On_an_address_that_is_not_loopback_metrics_needs_the_flag_and_a_credential()
    {
        Assert.True(await MapsMetrics("--urls", "http://127.0.0.1:0"));
        Assert.False(await MapsMetrics("--urls", "http://127.0.0.1:0", $"--{MetricsAccess.EnabledKey}=false"));
        Assert.False(await MapsMetrics("--urls", "http://0.0.0.0:5080"));
        Assert.False(await MapsMetrics("--urls", "http://0.0.0.0:5080", $"--{MetricsAccess.UsernameKey}=ops", $"--{MetricsAccess.PasswordKey}=pw"));
        var refused = await Assert.ThrowsAsync<FormatException>(() => MapsMetrics("--urls", "http://0.0.0.0:5080", $"--{MetricsAccess.EnabledKey}=true"));
        Assert.Contains(MetricsAccess.PasswordKey, refused.Message);
        Assert.True(await MapsMetrics("--urls", "http://0.0.0.0:5080", $"--{MetricsAccess.EnabledKey}=true",
            $"--{MetricsAccess.UsernameKey}=ops", $"--{MetricsAccess.PasswordKey}=pw"));
    }

    [Fact]
    public async Task A_configured_credential_guards_metrics()
    {
        await using var host = await OwnWebHost.StartAsync([$"--{MetricsAccess.UsernameKey}=ops", $"--{MetricsAccess.PasswordKey}=s3cret"]);
        var without = await host.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("Basic", without.Headers.WwwAuthenticate.ToString());
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:guess")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        right.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));
        var ok = await host.Http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("# TYPE", await ok.Content.ReadAsStringAsync());
        // The rest of the host needs no credential.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/api/scenarios")).StatusCode);
    }
}
