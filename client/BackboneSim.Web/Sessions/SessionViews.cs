namespace BackboneSim.Web.Sessions;

/// <summary>POST /api/sessions: a library scenario, optionally a seed and hidden injects to fire ("NAME" or "NAME@TIME", as `run --inject`).</summary>
public sealed record CreateSessionBody(string? Scenario, long? Seed, IReadOnlyList<string>? Injects);

/// <summary>POST /api/sessions/join: the join code and a display name.</summary>
public sealed record JoinSessionBody(string? Code, string? Name);

/// <summary>POST /api/sessions/{id}/answer: a choice (1-based) for multiple choice, text for free text.</summary>
public sealed record AnswerBody(int? Choice, string? Text);

/// <summary>The instructor's answer to creating a session. The secret is shown once and never again.</summary>
public sealed record SessionCreated(string SessionId, string JoinCode, string InstructorSecret, string InstructorUrl, string RunId);

public sealed record SessionJoined(string SessionId, string LearnerId, string Name, string LearnerToken, string RunId);

/// <summary>A narration line as a viewer sees it once the playhead reached it.</summary>
public sealed record NarrationLine(int Index, string Name, long Ms, string T, string? Say, bool InstructorOnly,
    IReadOnlyList<string> HighlightSites, IReadOnlyList<string> HighlightNodes, CheckpointView? Checkpoint);

/// <summary>
/// A checkpoint's question. The answer and explanation are only in it once revealed; Counts (per choice) and
/// Texts only for the instructor, or for everyone after the reveal (counts only: free texts stay with the instructor).
/// </summary>
public sealed record CheckpointView(int Index, string Question, IReadOnlyList<string> Choices, bool Revealed, bool Paused,
    int? AnswerChoice = null, string? Answer = null, string? Explain = null,
    IReadOnlyList<int>? Counts = null, IReadOnlyList<FreeTextAnswer>? Texts = null, int? Answered = null, int? MyChoice = null, string? MyText = null);

public sealed record FreeTextAnswer(string Name, string Text);

/// <summary>What a session looks like to one role: the hub's <c>session</c> message and GET /api/sessions/{id}/state.</summary>
public sealed record SessionView(string SessionId, string Role, string RunId, string Scenario, string Title, string JoinCode,
    int Learners, IReadOnlyList<NarrationLine> Narration, CheckpointView? Checkpoint, string? Name = null, IReadOnlyList<InjectView>? Injects = null)
{
    /// <summary>Only in the answer to the instructor's what-if fork: what of the what-if may not go as written.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>A hidden inject the instructor may fire (instructor's view only), and whether it has been.</summary>
public sealed record InjectView(string Name, string Description, bool Fired);

/// <summary>POST /api/sessions/{id}/inject: the hidden inject to fire now.</summary>
public sealed record InjectBody(string? Name);

/// <summary>What a session's run is made from, to fork it: the library file, the seed, the injects chosen at creation, and the scenario's hidden injects.</summary>
public sealed record SessionSource(string Path, long? Seed, IReadOnlyList<string> Injects, IReadOnlyList<BackboneSim.Model.Scenario.TimelineAction> InjectActions);
