namespace BackboneSim.Model.DataPlane;

/// <summary>
/// The priority classes traffic is queued in, highest first, after the service classes of RFC 4594 §3 (network
/// control, real-time/interactive, standard, low-priority data). A link serves them by strict priority
/// (<see cref="LinkSharing"/>): a lower class only gets what the higher ones leave.
/// </summary>
public enum TrafficClass
{
    /// <summary>Routing and management (RFC 4594 "Network Control", CS6): protocol packets, out-of-band access.</summary>
    NetworkControl = 0,
    /// <summary>Interactive user traffic (RFC 4594 "Low-Latency Data"/real-time): front-end requests, DNS.</summary>
    Interactive = 1,
    /// <summary>Everything not marked otherwise (RFC 4594 "Standard", default forwarding).</summary>
    Standard = 2,
    /// <summary>Bulk and background (RFC 4594 "Low-Priority Data", RFC 8622 LE): replication, backups.</summary>
    Bulk = 3,
}
