using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// Every kind of timeline action, in the order errors list them: the timeline reader dispatches on an entry's key
/// through it, and an action's <see cref="TimelineAction.Key"/> comes from it. Adding a kind: its file under
/// <c>Scenario/Actions/</c>, one row here, its schema definition, its docs (docs/architecture.md#how-to-add-an-action-kind).
/// </summary>
public static class ActionKinds
{
    /// <summary>A registered kind: its YAML key, its type and its reader.</summary>
    public sealed record Kind(string Key, Type Type, Func<ActionSite, TimelineAction?> Read);

    private static Kind Of<T>() where T : TimelineAction, IActionKind<T> => new(T.YamlKey, typeof(T), site => T.Read(site));

    public static IReadOnlyList<Kind> All { get; } =
    [
        Of<PushAction>(),
        Of<RespondAction>(),
        Of<FailAction>(),
        Of<RecoverAction>(),
        Of<SurgeAction>(),
        Of<ExternalAction>(),
    ];

    /// <summary>The keys, in order.</summary>
    public static IReadOnlyList<string> Keys { get; } = All.Select(k => k.Key).ToArray();

    private static readonly Dictionary<Type, Kind> ByType = All.ToDictionary(k => k.Type);

    /// <summary>The kind of an action (every subtype of <see cref="TimelineAction"/> is registered; tested).</summary>
    public static Kind Of(TimelineAction action) => ByType[action.GetType()];
}
