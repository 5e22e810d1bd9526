using System.Collections.Concurrent;
using System.Reflection;

namespace BackboneSim.Engine;

/// <summary>
/// One kind of event, as a record declared next to the model that emits it (<c>IgpAdjacencyDown</c> beside
/// <c>IgpProcess</c>), named by <see cref="EventKindAttribute"/>. The record states what observers fold (its
/// <see cref="Subject"/> and <see cref="Value"/>) and its data fields in log order (<see cref="Data"/>), so the
/// --events line is rendered by <see cref="EventJson"/> without reflection. Every kind the model emits is such a
/// record; the catalog of kinds (the model's <c>EventKinds</c>) is read from them.
/// </summary>
[GenerateSerializer, Immutable]
public abstract record ModelEvent
{
    private static readonly ConcurrentDictionary<Type, string> Kinds = new();

    /// <summary>The kind as the log names it ("igp.adjacency_down"), from the record's <see cref="EventKindAttribute"/>.</summary>
    public string Kind => KindOf(GetType());

    /// <summary>What the event is about (a link, a router…), for observers that keep aggregate state.</summary>
    public abstract string? Subject { get; }

    /// <summary>A number that goes with the event (a count, a new level), for observers; not part of the log.</summary>
    public virtual double Value => 0;

    /// <summary>The data object's fields, in the order the log writes them.</summary>
    public abstract (string Key, object? Value)[] Data();

    /// <summary>The kind a record type declares; an event record without the attribute is a programming error.</summary>
    public static string KindOf(Type type) => Kinds.GetOrAdd(type, t => t.GetCustomAttribute<EventKindAttribute>()?.Kind
        ?? throw new InvalidOperationException($"event record {t.Name} has no [EventKind(\"…\")]"));
}

/// <summary>Names the kind of a <see cref="ModelEvent"/> record, as the log, expectations and docs/outputs.md write it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventKindAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}
