using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace BackboneSim.Web.Hosting;

/// <summary>Per-client limits: starting runs is expensive, controls and reads are cheap but must not be floodable.</summary>
public static class RatePolicies
{
    public const string StartRun = "start-run";
    public const string Control = "control";
    public const string Read = "read";

    public static void Configure(RateLimiterOptions o)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            ctx.HttpContext.Response.ContentType = "application/json";
            await ctx.HttpContext.Response.WriteAsync("{\"error\":\"too many requests; slow down\"}", ct);
        };
        o.AddPolicy(StartRun, http => Window(http, 20, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Control, http => Window(http, 120, TimeSpan.FromSeconds(10)));
        o.AddPolicy(Read, http => Window(http, 600, TimeSpan.FromSeconds(10)));
    }

    private static RateLimitPartition<string> Window(HttpContext http, int permits, TimeSpan window)
        => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "?",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
