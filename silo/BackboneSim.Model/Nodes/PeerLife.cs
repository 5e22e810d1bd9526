namespace BackboneSim.Model.Nodes;

/// <summary>
/// The latest control-plane life (epoch, bumped at every failure) a neighbour has been heard from in. News of a
/// death arrives a hold time late; if the neighbour has rebooted since, that news is about a life that has ended.
/// </summary>
public sealed class PeerLife
{
    public int Epoch { get; private set; }

    /// <summary>The neighbour showed itself alive in life <paramref name="epoch"/> (an OPEN, or hellos again).</summary>
    public void Heard(int epoch) => Epoch = Math.Max(Epoch, epoch);

    /// <summary>Whether news that life <paramref name="deadEpoch"/> ended is stale: a later life has been heard from.</summary>
    public bool Outlived(int deadEpoch) => deadEpoch < Epoch;
}
