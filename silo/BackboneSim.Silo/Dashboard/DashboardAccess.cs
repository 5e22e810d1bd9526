using System.Net;
using Microsoft.Extensions.Configuration;

namespace BackboneSim.Silo.Dashboard;

/// <summary>A user name and password that the dashboard asks for (HTTP basic authentication).</summary>
public sealed record DashboardCredential(string Username, string Password);

/// <summary>
/// Whether a host serves the Orleans Dashboard at /dashboard, and behind which credential. The dashboard shows grain
/// state and streams the silo's logs, so it is on by default only when every address the host listens on is
/// loopback; on any other address it takes an explicit <c>--dashboard</c> (<c>Dashboard:Enabled=true</c>) and a
/// configured credential (<c>Dashboard:Username</c>, <c>Dashboard:Password</c>). A configured credential is asked
/// for on loopback too. The same rule guards other endpoints that should not be open to a network by accident
/// (the web host's /metrics): <see cref="Decide(IConfiguration, IReadOnlyCollection{string}, string, string)"/> with
/// that endpoint's configuration section.
/// </summary>
public sealed record DashboardAccess(bool Enabled, DashboardCredential? Credential, string Reason)
{
    public const string Path = "/dashboard";
    public const string EnabledKey = "Dashboard:Enabled";
    public const string UsernameKey = "Dashboard:Username";
    public const string PasswordKey = "Dashboard:Password";

    /// <summary>Decides from the configuration and the addresses the host listens on. Throws when the settings are unsafe or incomplete.</summary>
    public static DashboardAccess Decide(IConfiguration configuration, IReadOnlyCollection<string> urls)
        => Decide(configuration, urls, "Dashboard", "--dashboard");

    /// <summary>
    /// The same rule for any endpoint: <paramref name="section"/>:Enabled, :Username and :Password configure it;
    /// <paramref name="flag"/> is how the host's users turn it on, for the messages.
    /// </summary>
    public static DashboardAccess Decide(IConfiguration configuration, IReadOnlyCollection<string> urls, string section, string flag)
    {
        string enabledKey = $"{section}:Enabled", usernameKey = $"{section}:Username", passwordKey = $"{section}:Password";
        var credential = ReadCredential(configuration, usernameKey, passwordKey);
        bool? requested = configuration[enabledKey] switch
        {
            null or "" => null,
            var v when bool.TryParse(v, out var b) => b,
            var v => throw new DashboardConfigurationException($"{enabledKey} must be true or false, not '{v}'"),
        };
        if (requested == false) return new(false, null, "turned off");
        var exposed = urls.Where(u => !IsLoopback(u)).ToArray();
        if (exposed.Length == 0) return new(true, credential, credential is null ? "loopback only" : "loopback only, with a credential");
        if (requested != true)
            return new(false, null, $"{string.Join(", ", exposed)} is not a loopback address: pass {flag} and set {usernameKey} and {passwordKey} to serve it");
        if (credential is null)
            throw new DashboardConfigurationException(
                $"{flag} on {string.Join(", ", exposed)} (not loopback) needs a credential: set {usernameKey} and {passwordKey} " +
                $"(e.g. the environment variables {usernameKey.Replace(":", "__")} and {passwordKey.Replace(":", "__")})");
        return new(true, credential, "explicitly enabled, with a credential");
    }

    private static DashboardCredential? ReadCredential(IConfiguration configuration, string usernameKey, string passwordKey)
    {
        var user = configuration[usernameKey];
        var password = configuration[passwordKey];
        if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(password)) return null;
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
            throw new DashboardConfigurationException($"set both {usernameKey} and {passwordKey}, or neither");
        return new DashboardCredential(user, password);
    }

    /// <summary>True for http://127.0.0.1:…, http://[::1]:…, http://localhost:…; false for wildcards (*, +, 0.0.0.0) and other hosts.</summary>
    public static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            host = close < 0 ? rest : rest[1..close];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}

/// <summary>Dashboard settings that would expose it without protection, or are incomplete: the host refuses to start.</summary>
public sealed class DashboardConfigurationException(string message) : Exception(message);
