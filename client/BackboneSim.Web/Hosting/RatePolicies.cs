using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace BackboneSim.Web.Hosting;

/// <summary>Per-client limits: starting runs is expensive, controls and reads are cheap but must not be floodable.</summary>
public static class RatePolicies
{
    public const string StartRun = "start-run";
    public const string Control = "control";
    public const string Read = "read";
    /// <summary>Creating a teaching session or firing an inject (each starts a run), apart from plain runs' starts.</summary>
    public const string Session = "session";
    /// <summary>Joining a session: generous for a classroom behind one address, tight enough to make guessing codes slow.</summary>
    public const string Join = "join";

    /// <summary>The configuration key of the join limit (joins a minute per address); a load benchmark raises it, as
    /// every simulated learner comes from one loopback address. Not lowered or raised by default.</summary>
    public const string JoinsPerMinuteKey = "Limits:JoinsPerMinute";
    public const int DefaultJoinsPerMinute = 60;

    public static void Configure(RateLimiterOptions o, int joinsPerMinute = DefaultJoinsPerMinute)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            ctx.HttpContext.Response.ContentType = "application/json";
            await ctx.HttpContext.Response.WriteAsync("{\"error\":\"too many requests; slow down\"}", ct);
        };
        o.AddPolicy(StartRun, http => Window(http, 20, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Control, http => Window(http, 120, TimeSpan.FromSeconds(10)));
        o.AddPolicy(Session, http => Window(http, 20, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Join, http => Window(http, joinsPerMinute, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Read, http => Window(http, 600, TimeSpan.FromSeconds(10)));
    }

    private static RateLimitPartition<string> Window(HttpContext http, int permits, TimeSpan window)
        => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "?",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
