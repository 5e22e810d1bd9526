using BackboneSim.Analysis.Teaching;
using BackboneSim.Engine;
using BackboneSim.Model.Teaching;
using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Sessions;

public enum SessionRole { None, Learner, Instructor }

/// <summary>
/// A teaching session: one <see cref="WebRun"/> (its narration on), one instructor who holds the secret, and up to
/// <see cref="MaxLearners"/> learners who joined with the code. The session keeps the learners, their answers per
/// checkpoint and what was revealed; the run decides when narration and checkpoints are reached.
/// </summary>
public sealed class Session(string id, string joinCode, string instructorSecret, WebRun run, SessionSource source)
{
    public const int MaxLearners = 500;
    /// <summary>Free-text answers the instructor's view carries (the newest).</summary>
    public const int MaxTextsShown = 200;

    private readonly object _gate = new();
    private readonly Dictionary<string, Learner> _learners = new(StringComparer.Ordinal);
    private readonly Dictionary<int, CheckpointAnswers> _answers = new();
    private readonly HashSet<int> _revealed = new();

    public string Id { get; } = id;
    /// <summary>The client address that created the session, for the per-client limit.</summary>
    public string Client { get; init; } = "?";
    public string JoinCode { get; } = joinCode;
    private WebRun _run = run;
    private readonly List<string> _firedInjects = new();

    /// <summary>The session's run; a fired inject replaces it with a fork (<see cref="SessionRegistry.FireInjectAsync"/>).</summary>
    public WebRun Run => Volatile.Read(ref _run);
    /// <summary>Where the run came from: the library file, the seed and the injects chosen at creation.</summary>
    public SessionSource Source { get; } = source;
    /// <summary>Serialises forks: one inject at a time.</summary>
    public SemaphoreSlim Forking { get; } = new(1, 1);

    /// <summary>The injects fired live so far, as NAME@+MSms.</summary>
    public IReadOnlyList<string> FiredInjects { get { lock (_gate) return _firedInjects.ToList(); } }

    /// <summary>Move the session to a fork of its run that has <paramref name="spec"/> fired; answers and reveals carry over (items keep their index).</summary>
    public void SwitchRun(WebRun fork, string spec)
    {
        lock (_gate)
        {
            _firedInjects.Add(spec);
            Volatile.Write(ref _run, fork);
            Version++;
        }
    }
    /// <summary>The what-ifs forked so far, in order: a later inject's fork keeps them.</summary>
    public IReadOnlyList<BackboneSim.Model.Scenario.WhatIf> WhatIfs { get { lock (_gate) return _whatIfs.ToList(); } }
    private readonly List<BackboneSim.Model.Scenario.WhatIf> _whatIfs = new();

    /// <summary>Move the session to a fork of its run with <paramref name="whatIf"/> applied (<see cref="SessionWhatIfs"/>).</summary>
    public void SwitchRun(WebRun fork, BackboneSim.Model.Scenario.WhatIf whatIf)
    {
        lock (_gate)
        {
            _whatIfs.Add(whatIf);
            Volatile.Write(ref _run, fork);
            Version++;
        }
    }

    /// <summary>Bumped when something every viewer sees changes outside the run (a reveal).</summary>
    public long Version { get; private set; }
    /// <summary>Bumped when only the instructor's view changes (an answer, a learner joining).</summary>
    public long InstructorVersion { get; private set; }

    public (SessionRole Role, Learner? Learner) Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token)) return (SessionRole.None, null);
        if (SessionSecrets.SameSecret(token, instructorSecret)) return (SessionRole.Instructor, null);
        var dot = token.IndexOf('.');
        if (dot <= 0) return (SessionRole.None, null);
        Learner? learner;
        lock (_gate) learner = _learners.GetValueOrDefault(token[..dot]);
        return learner is not null && SessionSecrets.SameSecret(token[(dot + 1)..], learner.Secret) ? (SessionRole.Learner, learner) : (SessionRole.None, null);
    }

    /// <summary>Add a learner with an already checked name; null when the session is full.</summary>
    public Learner? Join(string name)
    {
        lock (_gate)
        {
            if (_learners.Count >= MaxLearners) return null;
            var learner = new Learner(SessionSecrets.NewId(8), SessionSecrets.NewSecret(), name);
            _learners[learner.Id] = learner;
            InstructorVersion++;
            return learner;
        }
    }

    /// <summary>Record a learner's answer to the open checkpoint: null when taken, otherwise why not (with an HTTP status).</summary>
    public (int Status, string Message)? Answer(Learner learner, int? choice, string? text)
    {
        var open = OpenCheckpoint();
        lock (_gate)
        {
            if (!learner.TryWrite(DateTime.UtcNow)) return (429, "too many answers; slow down");
            if (open is not { } cp || _revealed.Contains(cp.Item.Index)) return (409, "no question is open");
            var checkpoint = cp.Item.Checkpoint!;
            var answers = _answers.TryGetValue(cp.Item.Index, out var a) ? a : _answers[cp.Item.Index] = new CheckpointAnswers(checkpoint.Choices.Count);
            if (answers.ByLearner.ContainsKey(learner.Id)) return (409, "you answered this question already");
            string? clean = null;
            if (checkpoint.IsMultipleChoice)
            {
                if (choice is not { } c || c < 1 || c > checkpoint.Choices.Count) return (400, $"choice must be 1 to {checkpoint.Choices.Count}");
                answers.Counts[c - 1]++;
            }
            else
            {
                clean = LearnerInput.Answer(text, out var error);
                if (clean is null) return (400, error!);
                answers.Texts.Add(new FreeTextAnswer(learner.Name, clean));
            }
            answers.ByLearner[learner.Id] = (checkpoint.IsMultipleChoice ? choice : null, clean);
            InstructorVersion++;
            return null;
        }
    }

    /// <summary>Reveal the open checkpoint's answer to everyone; false when none is open.</summary>
    public bool Reveal()
    {
        var open = OpenCheckpoint();
        lock (_gate)
        {
            if (open is not { } cp || !_revealed.Add(cp.Item.Index)) return false;
            Version++;
            Run.Touch(); // the instructor is at work: the session is not idle
            return true;
        }
    }

    /// <summary>The latest checkpoint for everyone the playhead has reached (answered or not), or null.</summary>
    private FiredNarration? OpenCheckpoint()
        => Run.Snapshot.Narration!.LastOrDefault(f => f.Item.Checkpoint is not null && f.Item.Audience == NarrationAudience.All);

    public SessionView View(SessionRole role, Learner? learner)
    {
        var run = Run;
        var instructor = role == SessionRole.Instructor;
        var now = run.Snapshot; // the released narration and the pause, of one instant
        var (released, pausedAt) = (now.Narration!, now.PausedAt);
        var open = released.LastOrDefault(f => f.Item.Checkpoint is not null && f.Item.Audience == NarrationAudience.All);
        lock (_gate)
        {
            var lines = released.Where(f => instructor || f.Item.Audience == NarrationAudience.All)
                .Select(f => new NarrationLine(f.Item.Index, f.Item.Name, f.Ms, SimClock.Format(run.Scenario.Start, f.Ms), f.Item.Say,
                    f.Item.Audience == NarrationAudience.Instructor, f.Item.HighlightSites, f.Item.HighlightNodes,
                    f.Item.Checkpoint is null ? null : CheckpointOf(f, instructor, learner, pausedAt, withAnswers: false)))
                .ToList();
            var current = open is null ? null : CheckpointOf(open, instructor, learner, pausedAt, withAnswers: true);
            var fired = _firedInjects.Select(f => f[..f.IndexOf('@')]).Concat(Source.Injects.Select(i => i.Split('@')[0])).ToHashSet(StringComparer.Ordinal);
            var injects = instructor ? Source.InjectActions.Select(a => new InjectView(a.Name, a.Description, fired.Contains(a.Name))).ToList() : null;
            return new SessionView(Id, instructor ? "instructor" : "learner", run.Id, run.Scenario.Name, run.Scenario.Title, JoinCode,
                _learners.Count, lines, current, learner?.Name, injects);
        }
    }

    private CheckpointView CheckpointOf(FiredNarration f, bool instructor, Learner? learner, int? pausedAt, bool withAnswers)
    {
        var c = f.Item.Checkpoint!;
        var revealed = _revealed.Contains(f.Item.Index);
        var answers = _answers.GetValueOrDefault(f.Item.Index);
        var view = new CheckpointView(f.Item.Index, c.Question, c.Choices, revealed, pausedAt == f.Item.Index);
        if (revealed || instructor) view = view with { AnswerChoice = c.AnswerChoice, Answer = c.Answer, Explain = c.Explain };
        if (!withAnswers) return view;
        if (revealed || instructor)
            view = view with { Counts = answers?.Counts.ToArray() ?? new int[c.Choices.Count], Answered = answers?.ByLearner.Count ?? 0 };
        if (instructor) view = view with { Texts = answers?.Texts.TakeLast(MaxTextsShown).ToList() ?? [] };
        if (learner is not null && answers?.ByLearner.GetValueOrDefault(learner.Id) is var (myChoice, myText) && (myChoice is not null || myText is not null))
            view = view with { MyChoice = myChoice, MyText = myText };
        return view;
    }

    private sealed class CheckpointAnswers(int choices)
    {
        public int[] Counts { get; } = new int[choices];
        public List<FreeTextAnswer> Texts { get; } = new();
        public Dictionary<string, (int? Choice, string? Text)> ByLearner { get; } = new(StringComparer.Ordinal);
    }
}
