using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;

namespace BackboneSim.Silo.Dashboard;

/// <summary>Maps the Orleans Dashboard at /dashboard as <see cref="DashboardAccess"/> decided.</summary>
public static class DashboardSetup
{
    /// <summary>
    /// Maps the dashboard when it is enabled. The host's silos (or its Orleans client) must have called
    /// <c>AddDashboard()</c>; see <see cref="StandaloneSilo"/>.
    /// </summary>
    public static void MapBackboneSimDashboard(this IEndpointRouteBuilder endpoints, DashboardAccess access)
    {
        if (!access.Enabled) return;
        var group = endpoints.MapOrleansDashboard(DashboardAccess.Path);
        if (access.Credential is { } credential) group.AddEndpointFilter(new BasicAuthenticationFilter(credential));
    }
}
