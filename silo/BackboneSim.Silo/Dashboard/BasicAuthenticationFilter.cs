using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BackboneSim.Silo.Dashboard;

/// <summary>
/// HTTP basic authentication for the dashboard's endpoints: one user name and password from configuration. Enough to
/// keep a dashboard on a shared network private; put it behind TLS (a reverse proxy) if the network is not trusted.
/// </summary>
public sealed class BasicAuthenticationFilter(DashboardCredential credential, string realm = "BackboneSim dashboard") : IEndpointFilter
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (Authorized(context.HttpContext.Request.Headers.Authorization.ToString())) return await next(context);
        Challenge(context.HttpContext.Response);
        return Results.Unauthorized();
    }

    /// <summary>Ask for the credential: the header a 401 carries.</summary>
    public void Challenge(HttpResponse response) => response.Headers.WWWAuthenticate = $"Basic realm=\"{realm}\", charset=\"UTF-8\"";

    /// <summary>Whether an Authorization header carries the credential; also for endpoints that take no filters (middleware).</summary>
    public bool Authorized(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try { decoded = Convert.FromBase64String(header["Basic ".Length..].Trim()); }
        catch (FormatException) { return false; }
        // Compare hashes in constant time, so the time taken says nothing about how much of the secret matched.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(decoded), _expected);
    }
}
