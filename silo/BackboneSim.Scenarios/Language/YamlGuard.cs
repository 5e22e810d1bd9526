using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BackboneSim.Scenarios;

/// <summary>A YAML document breaks one of the loader's structural limits; reported at <see cref="At"/>.</summary>
public sealed class YamlLimitException(Mark at, string message) : Exception(message)
{
    public Mark At { get; } = at;
}

/// <summary>
/// Watches the parser's event stream before YamlDotNet builds nodes from it, and stops the load at the first event
/// that would make the document unsafe to build or to walk:
/// <list type="bullet">
/// <item>nesting deeper than <see cref="MaxDepth"/> (YamlDotNet builds nodes recursively and would overflow the stack);</item>
/// <item>a list, mapping or alias as a mapping key (YamlDotNet hashes keys structurally, which an aliased or
/// recursive key turns into an endless walk);</item>
/// <item>an alias to an anchor that is not complete yet, inside its own node (a recursive structure) or later in the
/// file (YamlDotNet resolves forward references, which can also build a cycle);</item>
/// <item>aliases that expand the document by more than <see cref="MaxAliasNodes"/> nodes (a "billion laughs" bomb:
/// YamlDotNet shares the aliased node, so the document is small in memory, but every reader walks it expanded).</item>
/// </list>
/// The expanded size is counted as the events arrive: each anchor's node size (its aliases expanded) is remembered
/// when its node ends, and each alias adds that size.
/// </summary>
public sealed class GuardedParser(IParser inner) : IParser
{
    public const int MaxDepth = 100;
    public const long MaxAliasNodes = 100_000;

    private sealed class Frame(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;
        public string? Anchor { get; } = anchor;
        public long Size { get; set; } = 1;
        public bool NextIsKey { get; set; } = true;
    }

    private readonly List<Frame> _open = new();
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private long _aliasNodes;
    private Mark _root;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case DocumentStart:
                _open.Clear();
                _anchorSizes.Clear();
                _aliasNodes = 0;
                _root = Mark.Empty;
                break;
            case MappingStart or SequenceStart:
            {
                var e = (NodeEvent)inner.Current;
                BeforeNode(e, isCollection: true);
                if (_open.Count >= MaxDepth) throw new YamlLimitException(e.Start, $"YAML nesting is deeper than {MaxDepth} levels");
                _open.Add(new Frame(e is MappingStart, e.Anchor.IsEmpty ? null : e.Anchor.Value));
                break;
            }
            case MappingEnd or SequenceEnd:
            {
                var frame = _open[^1];
                _open.RemoveAt(_open.Count - 1);
                if (frame.Anchor is { } a) _anchorSizes[a] = frame.Size;
                AfterNode(frame.Size);
                break;
            }
            case Scalar s:
                BeforeNode(s, isCollection: false);
                if (!s.Anchor.IsEmpty) _anchorSizes[s.Anchor.Value] = 1;
                AfterNode(1);
                break;
            case AnchorAlias alias:
            {
                BeforeNode(alias, isCollection: false);
                var name = alias.Value.Value;
                if (_open.Any(f => f.Anchor == name))
                    throw new YamlLimitException(alias.Start, $"alias '*{name}' refers to a node it is inside; recursive structures are not allowed");
                if (!_anchorSizes.TryGetValue(name, out var size))
                    throw new YamlLimitException(alias.Start, $"alias '*{name}' has no anchor '&{name}' before it");
                _aliasNodes += size;
                if (_aliasNodes > MaxAliasNodes)
                    throw new YamlLimitException(_root, $"YAML aliases expand this file by more than {MaxAliasNodes:N0} nodes; write the values out (an alias bomb?)");
                AfterNode(size);
                break;
            }
        }
        return true;
    }

    private void BeforeNode(ParsingEvent e, bool isCollection)
    {
        if (_open.Count == 0) { _root = e.Start; return; }
        var parent = _open[^1];
        if (parent.IsMapping && parent.NextIsKey && (isCollection || e is AnchorAlias))
            throw new YamlLimitException(e.Start, "a mapping key must be a plain value, not a list, a mapping or an alias");
    }

    private void AfterNode(long size)
    {
        if (_open.Count == 0) return;
        var parent = _open[^1];
        parent.Size += size;
        if (parent.IsMapping) parent.NextIsKey = !parent.NextIsKey;
    }
}
