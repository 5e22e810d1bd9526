namespace BackboneSim.Engine;

/// <summary>
/// The behaviour of one simulated node (router, DNS server, AS...). Plain C#: the same instance type runs under the
/// in-memory runtime and inside a grain. A model only acts through its <see cref="NodeContext"/>.
/// </summary>
public interface INodeModel
{
    /// <summary>Called once at virtual time 0, before any message: set first timers, send nothing that is not due.</summary>
    void Start(NodeContext ctx);

    /// <summary>Apply one message (or own timer). Called in (time, sender, sequence) order.</summary>
    void Handle(NodeContext ctx, SimMessage message);
}
