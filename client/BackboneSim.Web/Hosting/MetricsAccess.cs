using BackboneSim.Silo.Dashboard;
using BackboneSim.Silo.Metrics;

namespace BackboneSim.Web.Hosting;

/// <summary>
/// Whether the web host serves Prometheus /metrics, and behind which credential: the silo dashboard's rule
/// (<see cref="DashboardAccess"/>) with the keys <c>Metrics:Enabled</c>, <c>Metrics:Username</c>, <c>Metrics:Password</c>.
/// On loopback it is on by default; on any other address only with <c>--Metrics:Enabled=true</c> and a credential,
/// because the series name every run and scenario of the host.
/// </summary>
public sealed record MetricsAccess(DashboardAccess Access)
{
    public const string Section = "Metrics";
    public const string EnabledKey = Section + ":Enabled";
    public const string UsernameKey = Section + ":Username";
    public const string PasswordKey = Section + ":Password";

    /// <summary>Throws FormatException (the host exits 2) when the settings would expose /metrics unprotected.</summary>
    public static MetricsAccess Decide(IConfiguration configuration, IReadOnlyCollection<string> urls)
    {
        try { return new(DashboardAccess.Decide(configuration, urls, Section, $"--{EnabledKey}=true")); }
        catch (DashboardConfigurationException ex) { throw new FormatException(ex.Message); }
    }

    /// <summary>Maps /metrics when enabled; a configured credential is asked for with HTTP basic authentication.</summary>
    public void Map(WebApplication app)
    {
        if (!Access.Enabled) return;
        if (Access.Credential is { } credential)
        {
            // The Prometheus exporter's endpoint is a plain request delegate (endpoint filters do not run on it): guard its path.
            var guard = new BasicAuthenticationFilter(credential, "BackboneSim metrics");
            app.UseWhen(http => http.Request.Path.StartsWithSegments(MetricsSetup.Path), branch => branch.Use(async (http, next) =>
            {
                if (guard.Authorized(http.Request.Headers.Authorization.ToString())) { await next(http); return; }
                guard.Challenge(http.Response);
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }));
        }
        app.MapBackboneSimMetrics();
    }
}
