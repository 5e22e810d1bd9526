namespace BackboneSim.Model.Nodes;

// OSPF graceful restart (RFC 3623) between neighbouring routers: the restarting router's grace-LSA and its flush.
// Each is modelled as a message on one link rather than as an LSA in the database: a grace-LSA is link-local (an
// opaque LSA of type 9, RFC 3623 §1), flooded only to the neighbours on that link.

/// <summary>A grace-LSA: the sender's control plane restarted with its forwarding plane intact and asks the neighbour on
/// <see cref="Link"/> to keep announcing the adjacency for the grace period (RFC 3623 §2.1, Appendix A).</summary>
[GenerateSerializer, Immutable]
public sealed class GraceLsa
{
    [Id(0)] public int Link { get; init; }
    /// <summary>When the sender originated it: with the grace period, what the LSA's age tells the helper (§3.1: the
    /// grace period ends its "Grace Period" seconds after origination, not after arrival).</summary>
    [Id(1)] public long SentMs { get; init; }
    [Id(2)] public long GracePeriodMs { get; init; }
}

/// <summary>The restarting router flushed its grace-LSA (MaxAge, RFC 3623 §2.3): it left graceful restart, and the
/// helper on <see cref="Link"/> stops helping (§3.2).</summary>
[GenerateSerializer, Immutable]
public sealed class GraceLsaFlush
{
    [Id(0)] public int Link { get; init; }
}

/// <summary>
/// What the restarting router learns from a neighbour's router-LSA while it re-forms the adjacency on <see cref="Link"/>:
/// whether the neighbour still lists it as fully adjacent (it helps, RFC 3623 §3.1) or no longer does (it did not help,
/// or stopped before the adjacency was resynchronised). The model has no LSA request/Loading state in which the
/// restarting router would read that LSA, so the helper says so directly.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class GraceHelp
{
    [Id(0)] public int Link { get; init; }
    [Id(1)] public bool Helping { get; init; }
}
