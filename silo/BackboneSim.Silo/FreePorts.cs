using System.Net;
using System.Net.Sockets;

namespace BackboneSim.Silo;

/// <summary>Ports the OS says are free now, so two embedded clusters on one machine never collide.</summary>
public static class FreePorts
{
    /// <param name="address">Where the ports will be bound (default 127.0.0.1).</param>
    public static int[] Take(int count, IPAddress? address = null)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(address ?? IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
