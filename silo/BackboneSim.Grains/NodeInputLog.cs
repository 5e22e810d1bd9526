using BackboneSim.Abstractions;
using BackboneSim.Engine;

namespace BackboneSim.Grains;

/// <summary>
/// Every (window end, inbox) a node has applied since its start: with the scenario and the node's seeded random
/// stream, this determines the node's state, so it is the node's keyframe. Models are plain classes whose state
/// cannot be serialized, so the log replaces a snapshot; it holds references to batches that were sent anyway.
/// </summary>
public sealed class NodeInputLog
{
    /// <summary>A replay call carries at most this many messages (or <see cref="MaxStepsPerChunk"/> steps).</summary>
    public const int MaxMessagesPerChunk = 4096;
    public const int MaxStepsPerChunk = 1024;

    private readonly List<long> _windowEnds = new();
    private readonly List<NodeBatch> _batches = new();

    /// <summary>Steps applied so far: also the index of the node's next step.</summary>
    public int Steps => _batches.Count;

    public long Messages { get; private set; }

    public void Add(long windowEnd, NodeBatch batch)
    {
        _windowEnds.Add(windowEnd);
        _batches.Add(batch);
        Messages += batch.Messages.Length;
    }

    /// <summary>The log as replay calls: the first starts a fresh model (even when there is no step yet).</summary>
    public IEnumerable<NodeReplay> Chunks()
    {
        var first = 0;
        do
        {
            var end = first;
            var messages = 0;
            while (end < _batches.Count && end - first < MaxStepsPerChunk
                   && (end == first || messages + _batches[end].Messages.Length <= MaxMessagesPerChunk))
                messages += _batches[end++].Messages.Length;
            yield return new NodeReplay
            {
                Start = first == 0, FirstStep = first,
                WindowEnds = _windowEnds.GetRange(first, end - first).ToArray(),
                Batches = _batches.GetRange(first, end - first).ToArray(),
            };
            first = end;
        } while (first < _batches.Count);
    }
}
