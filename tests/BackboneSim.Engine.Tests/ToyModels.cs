using BackboneSim.Engine;

namespace BackboneSim.Engine.Tests;

/// <summary>Payloads of the toy models: a name, so tests can see what arrived in which order.</summary>
public sealed record Note(string Text);

/// <summary>The toy models' events.</summary>
[EventKind("ping")]
public sealed record Ping : ModelEvent
{
    public override string? Subject => null;
    public override (string Key, object? Value)[] Data() => [];
}

[EventKind("pong")]
public sealed record Pong : ModelEvent
{
    public override string? Subject => null;
    public override (string Key, object? Value)[] Data() => [];
}

/// <summary>A node scripted by a start action and a handler; records the order in which it received messages.</summary>
public sealed class ScriptedNode(Action<NodeContext>? onStart = null, Action<NodeContext, SimMessage>? onMessage = null) : INodeModel
{
    public List<(long At, int From, string Text)> Received { get; } = new();

    public void Start(NodeContext ctx) => onStart?.Invoke(ctx);

    public void Handle(NodeContext ctx, SimMessage message)
    {
        Received.Add((ctx.Now, message.From, ((Note)message.Payload).Text));
        onMessage?.Invoke(ctx, message);
    }
}

public sealed class CollectingSink : IEventSink
{
    public List<LoggedEvent> Events { get; } = new();
    public List<long> WindowStarts { get; } = new();
    public long? FinishedAt { get; private set; }
    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) { WindowStarts.Add(windowStartMs); Events.AddRange(events); }
    public void OnFinished(long endMs) => FinishedAt = endMs;
}

public static class Harness
{
    public static (SimulationCoordinator Coordinator, CollectingSink Sink) Build(long lookahead, long until, params INodeModel[] models)
    {
        var names = Enumerable.Range(0, models.Length).Select(i => $"n{i}").ToArray();
        var hosts = models.Select((m, i) => new NodeHost(i, names[i], m, lookahead, DeterministicRandom.ForNode(7, names[i]))).ToArray();
        var sink = new CollectingSink();
        return (new SimulationCoordinator(names, new InMemoryExecutor(hosts), lookahead, until, sink), sink);
    }
}
