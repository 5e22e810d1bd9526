using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>One answer of the resolver: when it came (Unix ms), its rcode (0 NOERROR, 2 SERVFAIL, -1 no answer within
/// the timeout) and the remaining TTL of the address record (seconds; -1 without one).</summary>
public sealed record DnsAnswer(long Ms, int Rcode, int Ttl)
{
    public bool Answered => Rcode == 0 && Ttl >= 0;
}

/// <summary>
/// The client that asks the resolver, as users' stub resolvers do: a child process of this program started inside the
/// farthest AS's namespace (<c>groundtruth-probe</c>), sending one query for the name every interval from a given
/// instant, printing "ms rcode ttl" per answer. A plain UDP query, built and read here (no dig per query: one process).
/// </summary>
public static class DnsProbe
{
    public const string Mode = "groundtruth-probe";

    /// <summary>The command that runs the probe in a namespace: this program again, in probe mode.</summary>
    public static string[] Command(long startUnixMs, int intervalMs, long untilUnixMs)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var head = Path.GetFileNameWithoutExtension(self) == "dotnet" ? new[] { self, typeof(DnsProbe).Assembly.Location } : [self];
        return [.. head, Mode, "127.0.0.1", GtTopology.QueryName, startUnixMs.ToString(CultureInfo.InvariantCulture),
            intervalMs.ToString(CultureInfo.InvariantCulture), untilUnixMs.ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>Probe mode: <c>groundtruth-probe SERVER NAME START_UNIX_MS INTERVAL_MS UNTIL_UNIX_MS</c>; runs until killed
    /// or until then (so a harness killed outright leaves no probe behind for long).</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var server = IPAddress.Parse(args[0]);
        var name = args[1];
        var start = long.Parse(args[2], CultureInfo.InvariantCulture);
        var interval = int.Parse(args[3], CultureInfo.InvariantCulture);
        var until = long.Parse(args[4], CultureInfo.InvariantCulture);
        var wait = start - Shell.NowMs();
        if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait));
        var buffer = new byte[1500];
        for (long k = 0; Shell.NowMs() < until; k++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var id = (ushort)(k & 0xFFFF);
            var (rcode, ttl) = (-1, -1);
            try
            {
                await socket.SendToAsync(Query(id, name), new IPEndPoint(server, 53));
                using var timeout = new CancellationTokenSource(1000);
                while (true)
                {
                    var r = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                    if (r.ReceivedBytes >= 12 && (buffer[0] << 8 | buffer[1]) == id) { (rcode, ttl) = Parse(buffer.AsSpan(0, r.ReceivedBytes)); break; }
                }
            }
            catch (OperationCanceledException) { }
            catch (SocketException) { }
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Shell.NowMs()} {rcode} {ttl}"));
            Console.Out.Flush();
            var next = start + (k + 1) * interval;
            var left = next - Shell.NowMs();
            if (left > 0) await Task.Delay(TimeSpan.FromMilliseconds(left));
        }
        return 0;
    }

    public static DnsAnswer? ParseLine(string line)
    {
        var p = line.Split(' ');
        return p.Length == 3 && long.TryParse(p[0], CultureInfo.InvariantCulture, out var ms)
            ? new DnsAnswer(ms, int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture)) : null;
    }

    private static byte[] Query(ushort id, string name)
    {
        var q = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 }; // RD, one question
        foreach (var label in name.Split('.'))
        {
            q.Add((byte)label.Length);
            q.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        q.AddRange(new byte[] { 0, 0, 1, 0, 1 }); // root, type A, class IN
        return [.. q];
    }

    /// <summary>The rcode, and the TTL of the first A record in the answer section.</summary>
    private static (int Rcode, int Ttl) Parse(ReadOnlySpan<byte> m)
    {
        var rcode = m[3] & 0x0F;
        var qd = m[4] << 8 | m[5];
        var an = m[6] << 8 | m[7];
        var at = 12;
        for (var i = 0; i < qd; i++) at = SkipName(m, at) + 4;
        for (var i = 0; i < an && at + 10 <= m.Length; i++)
        {
            at = SkipName(m, at);
            var type = m[at] << 8 | m[at + 1];
            var ttl = m[at + 4] << 24 | m[at + 5] << 16 | m[at + 6] << 8 | m[at + 7];
            var len = m[at + 8] << 8 | m[at + 9];
            if (type == 1) return (rcode, ttl);
            at += 10 + len;
        }
        return (rcode, -1);
    }

    private static int SkipName(ReadOnlySpan<byte> m, int at)
    {
        while (at < m.Length)
        {
            var len = m[at];
            if (len == 0) return at + 1;
            if ((len & 0xC0) == 0xC0) return at + 2;
            at += len + 1;
        }
        return at;
    }

    /// <summary>Keeps a running probe's answers as they arrive.</summary>
    public sealed class Recorder
    {
        private readonly List<DnsAnswer> _answers = new();
        public void OnLine(string line)
        {
            if (ParseLine(line) is { } a) lock (_answers) _answers.Add(a);
        }
        public IReadOnlyList<DnsAnswer> Answers { get { lock (_answers) return [.. _answers]; } }
    }
}
