namespace BackboneSim.Web.Sessions;

/// <summary>One learner of a session: a display name, a secret for their token, and their own rate window.</summary>
public sealed class Learner(string id, string secret, string name)
{
    /// <summary>Answers (and other writes) a learner may send per <see cref="Window"/>.</summary>
    public const int MaxWritesPerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private DateTime _windowStart = DateTime.MinValue;
    private int _writes;

    public string Id { get; } = id;
    public string Secret { get; } = secret;
    public string Name { get; } = name;
    /// <summary>The token the learner sends: their id, a dot, their secret.</summary>
    public string Token => Id + "." + Secret;

    /// <summary>Count one write; false when the learner is over the limit (the session's lock guards this).</summary>
    public bool TryWrite(DateTime now)
    {
        if (now - _windowStart >= Window) { _windowStart = now; _writes = 0; }
        return ++_writes <= MaxWritesPerWindow;
    }
}
