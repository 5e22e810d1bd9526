using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// Where one silo of a Redis-clustered cluster listens and what it tells the others: the silo port (silo-to-silo
/// traffic), the gateway port (clients) and the advertised address, which every other silo and client must be able
/// to reach. The silo listens on the advertised address only, so the loopback default keeps it private to this
/// machine. Configuration keys <c>Cluster:SiloPort</c>, <c>Cluster:GatewayPort</c>, <c>Cluster:Advertise</c>
/// (options <c>--silo-port</c>, <c>--gateway-port</c>, <c>--advertise</c>).
/// </summary>
public sealed record SiloEndpoints(IPAddress Advertise, int SiloPort, int GatewayPort)
{
    public const string SiloPortKey = "Cluster:SiloPort";
    public const string GatewayPortKey = "Cluster:GatewayPort";
    public const string AdvertiseKey = "Cluster:Advertise";

    /// <summary>Orleans' own defaults, so firewall rules written for Orleans apply.</summary>
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// Reads the three settings (port 0: a port the OS says is free now) and checks that both ports can be bound on
    /// the advertised address, so a second silo on the same ports fails at once with a clear message. Throws
    /// <see cref="FormatException"/> on bad input.
    /// </summary>
    public static SiloEndpoints FromConfiguration(IConfiguration configuration)
    {
        var advertiseText = configuration[AdvertiseKey] ?? "127.0.0.1";
        if (!IPAddress.TryParse(advertiseText, out var advertise) || advertise.Equals(IPAddress.Any) || advertise.Equals(IPAddress.IPv6Any))
            throw new FormatException($"--advertise must be this machine's IP address that the other silos and clients reach (e.g. 10.0.0.5), not '{advertiseText}'");
        var siloPort = Port(configuration, SiloPortKey, "--silo-port", DefaultSiloPort);
        var gatewayPort = Port(configuration, GatewayPortKey, "--gateway-port", DefaultGatewayPort);
        if (siloPort != 0 && siloPort == gatewayPort) throw new FormatException($"--silo-port and --gateway-port must differ (both {siloPort})");

        var free = FreePorts.Take(2, advertise);
        siloPort = siloPort == 0 ? free[0] : siloPort;
        gatewayPort = gatewayPort == 0 ? free[1] : gatewayPort;
        EnsureFree(advertise, siloPort, "--silo-port");
        EnsureFree(advertise, gatewayPort, "--gateway-port");
        return new SiloEndpoints(advertise, siloPort, gatewayPort);
    }

    public override string ToString() => $"{Host}:{SiloPort} (gateway {GatewayPort})";

    private string Host => Advertise.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Advertise}]" : Advertise.ToString();

    private static int Port(IConfiguration configuration, string key, string option, int fallback)
    {
        var text = configuration[key];
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new FormatException($"{option} must be a TCP port (1-65535, or 0 for a free one), not '{text}'");
        return port;
    }

    private static void EnsureFree(IPAddress address, int port, string option)
    {
        var probe = new TcpListener(address, port);
        try { probe.Start(); }
        catch (SocketException ex)
        {
            throw new FormatException($"{option} {port}: cannot listen on {address}:{port} ({ex.SocketErrorCode}: {ex.Message}); " +
                                      "another silo on this machine needs other ports, or 0 for free ones");
        }
        finally { probe.Stop(); }
    }
}
