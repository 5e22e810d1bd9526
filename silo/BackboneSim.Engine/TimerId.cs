namespace BackboneSim.Engine;

/// <summary>
/// A node's own timer, as <see cref="NodeContext.SetTimer"/> returns it: the sequence number the timer took among
/// the node's messages, so it is the same in every run and in a replay of the node's input log. The default value
/// names no timer; cancelling it does nothing.
/// </summary>
public readonly record struct TimerId(long Seq)
{
    public static TimerId None => default;
    public bool IsNone => Seq == 0;
}
