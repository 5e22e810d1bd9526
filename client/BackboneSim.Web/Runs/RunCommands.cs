using System.Collections.Concurrent;

namespace BackboneSim.Web.Runs;

/// <summary>
/// Changes to a run's playhead (play, pause, speed, seek) asked from any thread, applied by the run's loop, its
/// only writer. <see cref="Post"/> queues a change and wakes the loop; the task it answers completes once the loop
/// applied it and published a snapshot that shows it, so a control call can answer the new status. A reader never
/// takes a lock the loop holds, and the loop never waits for a reader.
/// </summary>
internal sealed class RunCommands
{
    private readonly ConcurrentQueue<(Action<RunClock> Change, TaskCompletionSource Done)> _queue = new();
    // Completed when a command arrives; only the loop replaces it (Take), always before it empties the queue, so a
    // command queued after the loop looked is never missed: its Post completes the new signal.
    private TaskCompletionSource _arrived = NewSignal();
    private volatile bool _closed;

    public Task Post(Action<RunClock> change)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((change, done));
        Volatile.Read(ref _arrived).TrySetResult();
        if (_closed) Close(); // the loop is gone: nobody will apply it
        return done.Task;
    }

    /// <summary>Completes when a command may be waiting (for the loop).</summary>
    public Task Arrived => Volatile.Read(ref _arrived).Task;

    /// <summary>The commands waiting, in order (for the loop).</summary>
    public List<(Action<RunClock> Change, TaskCompletionSource Done)> Take()
    {
        if (Volatile.Read(ref _arrived).Task.IsCompleted) Volatile.Write(ref _arrived, NewSignal());
        var taken = new List<(Action<RunClock>, TaskCompletionSource)>();
        while (_queue.TryDequeue(out var c)) taken.Add(c);
        return taken;
    }

    /// <summary>The loop ended: complete what is waiting, and what comes later, without applying it.</summary>
    public void Close()
    {
        _closed = true;
        while (_queue.TryDequeue(out var c)) c.Done.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
