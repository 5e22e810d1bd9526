using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Api;

/// <summary>The body of a 429 for a full host: what is full, what to do, and when a slot frees by itself.</summary>
public sealed record LimitError(string Error, DateTimeOffset? FreesAt, int RetryAfterSeconds);

public static class LimitAnswers
{
    /// <summary>429 with Retry-After (seconds until the earliest slot frees; 60 when unknown) and the same in the body.</summary>
    public static IResult TooMany(HttpContext http, RunLimitException ex, TimeProvider time)
    {
        var seconds = ex.FreesAt is { } at ? (int)Math.Clamp(Math.Ceiling((at - time.GetUtcNow()).TotalSeconds), 1, int.MaxValue) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new LimitError(ex.Message, ex.FreesAt, seconds), statusCode: StatusCodes.Status429TooManyRequests);
    }
}
