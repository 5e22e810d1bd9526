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

    /// <summary>
    /// Configuration keys of the per-address limits on costly requests (run starts and forks; session creations,
    /// injects and what-ifs; joins). The defaults suit a classroom. A load benchmark or a test suite sends everything
    /// from one loopback address, so it raises them; nothing lowers or raises them by default.
    /// </summary>
    public const string RunStartsPerMinuteKey = "Limits:RunStartsPerMinute";
    public const string SessionActionsPerMinuteKey = "Limits:SessionActionsPerMinute";
    public const string JoinsPerMinuteKey = "Limits:JoinsPerMinute";
    public const int DefaultRunStartsPerMinute = 20;
    public const int DefaultSessionActionsPerMinute = 20;
    public const int DefaultJoinsPerMinute = 60;

    public static void Configure(RateLimiterOptions o, IConfiguration configuration)
    {
        var runStarts = configuration.GetValue(RunStartsPerMinuteKey, DefaultRunStartsPerMinute);
        var sessionActions = configuration.GetValue(SessionActionsPerMinuteKey, DefaultSessionActionsPerMinute);
        var joins = configuration.GetValue(JoinsPerMinuteKey, DefaultJoinsPerMinute);
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.HttpContext.Response.ContentType = "application/json";
            await ctx.HttpContext.Response.WriteAsync("{\"error\":\"too many requests; slow down\"}", ct);
        };
        o.AddPolicy(StartRun, http => Window(http, runStarts, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Control, http => Window(http, 120, TimeSpan.FromSeconds(10)));
        o.AddPolicy(Session, http => Window(http, sessionActions, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Join, http => Window(http, joins, TimeSpan.FromMinutes(1)));
        o.AddPolicy(Read, http => Window(http, 600, TimeSpan.FromSeconds(10)));
    }

    /// <summary>Who a request is from, for per-client limits: its address (behind a reverse proxy, the proxy's).</summary>
    public static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "?";

    private static RateLimitPartition<string> Window(HttpContext http, int permits, TimeSpan window)
        => RateLimitPartition.GetFixedWindowLimiter(Client(http),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
