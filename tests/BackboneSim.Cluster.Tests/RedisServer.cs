using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using BackboneSim.Silo;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Cluster.Tests;

/// <summary>
/// A real redis-server (Debian's package, installed when missing) on a free loopback port with no persistence and a
/// temporary working folder: the membership table of one test cluster. Killed and removed on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;

    private RedisServer(ChildProcess process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = DebianPackages.Ensure("/usr/bin/redis-server", "redis-server");
        var dir = Directory.CreateTempSubdirectory("backbonesim-redis-").FullName;
        var port = FreePorts.Take(1)[0];
        var psi = new ProcessStartInfo(redis) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir })
            psi.ArgumentList.Add(a);
        var server = new RedisServer(ChildProcess.Start("redis-server", psi), dir, port);
        try
        {
            await server.WaitForPongAsync(TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForPongAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited:\n{_process.Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                var stream = tcp.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal)) return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException) { }
            if (DateTime.UtcNow > until) throw new TimeoutException($"redis-server on port {Port} did not answer PING:\n{_process.Output}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
