using System.Globalization;
using StackExchange.Redis;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// Where a cluster's membership table lives: a Redis server given as <c>redis://[:PASSWORD@]HOST[:PORT][/DB]</c>.
/// Parsed strictly, so a typo is bad input at start-up rather than a silo that waits for a server that is not there.
/// </summary>
public sealed record ClusterAddress(string Host, int Port, string? Password, int Database)
{
    public const int DefaultPort = 6379;
    public const string Example = "redis://127.0.0.1:6379";

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> saying what is wrong and what is expected.</summary>
    public static ClusterAddress Parse(string text)
    {
        FormatException Bad(string why) => new($"--cluster must be redis://HOST[:PORT][/DB] (e.g. {Example}), not '{Redact(text)}': {why}");

        if (string.IsNullOrWhiteSpace(text)) throw Bad("it is empty");
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) throw Bad("not a URL");
        if (uri.Scheme != "redis")
            throw Bad(uri.Scheme == "rediss" ? "TLS (rediss://) is not supported; use a TLS tunnel to a loopback port" : $"the scheme is '{uri.Scheme}', not 'redis'");
        if (string.IsNullOrEmpty(uri.Host)) throw Bad("no host");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)) throw Bad("no query or fragment is allowed");

        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            // redis://:PASSWORD@host (the URL form Redis documents); a user name would need Redis ACLs, which the
            // clustering provider does not ask for.
            var colon = uri.UserInfo.IndexOf(':');
            if (colon != 0 || uri.UserInfo.Length == 1) throw Bad("give a password as redis://:PASSWORD@HOST:PORT (no user name)");
            password = Uri.UnescapeDataString(uri.UserInfo[1..]);
        }

        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 15))
            throw Bad($"the path must be a database number 0-15, not '/{path}'");

        // Uri puts IPv6 hosts in brackets; Redis wants the bare address.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
        if (port is < 1 or > 65535) throw Bad("the port must be 1-65535");
        return new ClusterAddress(host, port, password, database);
    }

    /// <summary>The address without its password, for messages and logs.</summary>
    public override string ToString()
    {
        var host = Host.Contains(':') ? $"[{Host}]" : Host;
        return $"redis://{(Password is null ? "" : ":***@")}{host}:{Port.ToString(CultureInfo.InvariantCulture)}{(Database == 0 ? "" : "/" + Database.ToString(CultureInfo.InvariantCulture))}";
    }

    /// <summary>
    /// StackExchange.Redis options for this server. A short connect timeout and no retry at the first connect: a
    /// missing Redis is reported within seconds, never waited for (the caller decides whether to try again).
    /// </summary>
    public ConfigurationOptions ToRedisOptions()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { Host, Port } },
            Password = Password,
            DefaultDatabase = Database,
            ConnectTimeout = 5_000,
            AbortOnConnectFail = true,
            ClientName = "backbonesim",
        };
        return options;
    }

    private static string Redact(string text)
    {
        var at = text.IndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? text[..(scheme + 3)] + "***" + text[at..] : text;
    }
}
