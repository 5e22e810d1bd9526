using System.Globalization;
using BackboneSim.Model.Scenario;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Strict, located access to one YAML file's nodes. Every wrong shape, unknown key or out-of-range value becomes an
/// error at its FILE:LINE:COL and reading goes on with a null, so a user sees every problem in one pass.
/// Nodes are reported at <paramref name="file"/> unless <paramref name="sources"/> knows them (an included file's
/// nodes, or nodes merged from includes).
/// </summary>
public sealed class YamlReader(string file, ErrorList errors, YamlSourceMap? sources = null)
{
    /// <summary>
    /// An <c>after:</c> (of an expectation, a trigger or a narration item) must name a timeline action: an error at
    /// <paramref name="node"/> with a suggestion otherwise. Returns whether it does.
    /// </summary>
    public bool CheckActionName(YamlNode node, string name, IReadOnlyCollection<string> actionNames)
    {
        if (actionNames.Contains(name)) return true;
        Error(node, $"'after' names no action: '{name}'{Suggestions.DidYouMean(name, actionNames)}");
        return false;
    }

    /// <summary>Scenario and topology files are hand-written text; anything larger is a mistake or an attack.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    public string File { get; } = file;
    public ErrorList Errors { get; } = errors;
    public YamlSourceMap? Sources { get; } = sources;

    /// <summary>
    /// Parse a file's single document; null (with an error) when it cannot be read or parsed. With
    /// <paramref name="sources"/>, its nodes are recorded as this file's.
    /// </summary>
    public static YamlNode? LoadDocument(IScenarioFiles files, string path, ErrorList errors, YamlSourceMap? sources = null)
    {
        var displayName = files.DisplayName(path);
        var at = new SourceLocation(displayName, 1, 1);
        if (!files.Exists(path)) { errors.Add(at, "file not found"); return null; }
        // Asked before opening: a FIFO would block the open, a device would never end.
        if (!files.IsRegularFile(path)) { errors.Add(at, "not a regular file"); return null; }
        var size = files.Length(path);
        if (size > MaxFileBytes) { errors.Add(at, $"file is {size:N0} bytes; the limit is {MaxFileBytes:N0}"); return null; }
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(files.ReadAllText(path));
            stream.Load(new GuardedParser(new Parser(reader)));
            if (stream.Documents.Count == 0) { errors.Add(at, "file is empty"); return null; }
            if (stream.Documents.Count > 1) errors.Add(at, "file holds several YAML documents; only one is allowed");
            var root = stream.Documents[0].RootNode;
            sources?.AddDocument(root, displayName);
            return root;
        }
        catch (YamlLimitException ex)
        {
            errors.Add(Position(displayName, ex.At), ex.Message);
            return null;
        }
        catch (FileTooLargeException ex)
        {
            errors.Add(at, $"file is larger than the limit of {ex.Limit:N0} bytes");
            return null;
        }
        catch (IOException ex)
        {
            errors.Add(at, "cannot read the file: " + ex.Message);
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            errors.Add(at, "cannot read the file: " + ex.Message);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet sometimes gives up without a position (an unclosed bracket, say): find where parsing stopped.
            var (line, column) = WhereParsingStops(files.ReadAllText(path));
            errors.Add(new SourceLocation(displayName, line, column), "YAML syntax: cannot parse from here (an unclosed bracket or quote?)");
            return null;
        }
        catch (YamlException ex)
        {
            errors.Add(new SourceLocation(displayName, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column)),
                "YAML syntax: " + FirstLine(ex.InnerException?.Message ?? ex.Message));
            return null;
        }
    }

    private static (int Line, int Column) WhereParsingStops(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = (Line: 1, Column: 1);
        try
        {
            while (parser.MoveNext())
                if (parser.Current is { } e) last = ((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
        }
        catch (YamlException ex) { return ((int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column)); }
        catch (InvalidOperationException) { }
        return last;
    }

    public SourceLocation At(YamlNode node)
    {
        var (file, located) = Sources?.Locate(node) ?? (null, node);
        return Position(file ?? File, located);
    }

    public static SourceLocation Position(string file, YamlNode node) => Position(file, node.Start);

    public static SourceLocation Position(string file, Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    public void Error(YamlNode node, string message) => Errors.Add(At(node), message);

    /// <summary>A mapping whose keys must be among <paramref name="known"/>; unknown keys are errors with a suggestion.</summary>
    public Map? AsMap(YamlNode node, string what, params string[] known)
    {
        if (node is not YamlMappingNode m) { Error(node, $"{what} must be a mapping (key: value lines)"); return null; }
        CurrentRecording.Value?.Mappings.Add(new MappingRead(At(m).File, At(m).Line, At(m).Column, known));
        foreach (var key in m.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
                Error(key, $"unknown field '{name}' in {what}{Suggestions.DidYouMean(name, known)}" +
                           (known.Length <= 12 ? $" (known: {string.Join(", ", known)})" : ""));
        }
        return new Map(this, m, what);
    }

    public IReadOnlyList<YamlNode>? AsSequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode s) return s.Children.ToList();
        Error(node, $"{what} must be a list");
        return null;
    }

    public string? AsString(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } v }) return v;
        Error(node, $"{what} must be a single value, not a {(node is YamlMappingNode ? "mapping" : "list")}");
        return null;
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static readonly AsyncLocal<Recording?> CurrentRecording = new();

    /// <summary>
    /// Records every strict mapping and every choice read from now on in this async flow (until disposed): where it
    /// is and which keys or values the loader accepts there. The lists in the readers define the format; this lets
    /// tooling ask the loader for them instead of keeping copies (the JSON Schema test compares scenarios/schema/
    /// with them).
    /// </summary>
    public static Recording Record() => CurrentRecording.Value = new Recording(CurrentRecording.Value);

    /// <summary>What <see cref="Record"/> collects.</summary>
    public sealed class Recording : IDisposable
    {
        private readonly Recording? _outer;
        internal Recording(Recording? outer) => _outer = outer;
        public List<MappingRead> Mappings { get; } = [];
        public List<ChoiceRead> Choices { get; } = [];
        public void Dispose() => CurrentRecording.Value = _outer;
    }

    /// <summary>A mapping at FILE:LINE:COL whose keys must be among <paramref name="Known"/>.</summary>
    public sealed record MappingRead(string File, int Line, int Column, IReadOnlyList<string> Known);

    /// <summary>The value of <paramref name="Key"/> in the mapping at FILE:LINE:COL must be one of <paramref name="Choices"/>.</summary>
    public sealed record ChoiceRead(string File, int Line, int Column, string Key, IReadOnlyList<string> Choices);

    /// <summary>A mapping being read; each getter reports a missing required key at the mapping itself.</summary>
    public sealed class Map(YamlReader reader, YamlMappingNode node, string what)
    {
        public YamlReader Reader { get; } = reader;
        public YamlMappingNode Node { get; } = node;
        public string What { get; } = what;

        public SourceLocation Location => Reader.At(Node);

        public YamlNode? Get(string key, bool required = false)
        {
            if (Node.Children.TryGetValue(new YamlScalarNode(key), out var v)) return v;
            if (required) Reader.Error(Node, $"{What} is missing the required field '{key}'");
            return null;
        }

        public bool Has(string key) => Node.Children.ContainsKey(new YamlScalarNode(key));

        public string? String(string key, bool required = false)
            => Get(key, required) is { } n ? Reader.AsString(n, $"'{key}'") : null;

        public long? Integer(string key, long min, long max, bool required = false)
        {
            if (Get(key, required) is not { } n || Reader.AsString(n, $"'{key}'") is not { } text) return null;
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                // Digits that do not fit in 64 bits are a whole number out of range, not a malformed one.
                var digits = text.Length > 1 && text[0] is '+' or '-' ? text[1..] : text;
                Reader.Error(n, digits.Length > 0 && digits.All(char.IsAsciiDigit)
                    ? $"'{key}' is {Clip(text)}; it must be between {min} and {max}"
                    : $"'{key}' must be a whole number, not '{Clip(text)}'");
                return null;
            }
            if (v < min || v > max) { Reader.Error(n, $"'{key}' is {v}; it must be between {min} and {max}"); return null; }
            return v;
        }

        public double? Number(string key, double min, double max, bool required = false)
        {
            if (Get(key, required) is not { } n || Reader.AsString(n, $"'{key}'") is not { } text) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
            { Reader.Error(n, $"'{key}' must be a number, not '{Clip(text)}'"); return null; }
            // 1e400 parses as infinity: a number, beyond any range.
            if (double.IsInfinity(v))
            {
                Reader.Error(n, min > double.MinValue || max < double.MaxValue
                    ? $"'{key}' is {Clip(text)}; it must be between {min} and {max}"
                    : $"'{key}' is {Clip(text)}, beyond the largest number ({double.MaxValue})");
                return null;
            }
            if (v < min || v > max) { Reader.Error(n, $"'{key}' is {v}; it must be between {min} and {max}"); return null; }
            return v;
        }

        public long? Duration(string key, long minMs, long maxMs, bool required = false)
        {
            if (Get(key, required) is not { } n || Reader.AsString(n, $"'{key}'") is not { } text) return null;
            if (TimeText.ParseDuration(text) is not { } ms)
            {
                Reader.Error(n, TimeText.IsDurationSyntax(text) // written as one, but too long to count in milliseconds
                    ? $"'{key}' is {Clip(text)}; it must be between {TimeText.FormatDuration(minMs)} and {TimeText.FormatDuration(maxMs)}"
                    : $"'{key}' must be a duration like 10s, 5m, 8h or 1h30m, not '{Clip(text)}'");
                return null;
            }
            if (ms < minMs || ms > maxMs)
            { Reader.Error(n, $"'{key}' is {text}; it must be between {TimeText.FormatDuration(minMs)} and {TimeText.FormatDuration(maxMs)}"); return null; }
            return ms;
        }

        public string? Choice(string key, string[] choices, bool required = false)
        {
            CurrentRecording.Value?.Choices.Add(new ChoiceRead(Location.File, Location.Line, Location.Column, key, choices));
            if (Get(key, required) is not { } n || Reader.AsString(n, $"'{key}'") is not { } text) return null;
            if (choices.Contains(text, StringComparer.Ordinal)) return text;
            Reader.Error(n, $"'{key}' is '{Clip(text)}'; expected one of {string.Join(", ", choices)}{Suggestions.DidYouMean(text, choices)}");
            return null;
        }

        public Map? SubMap(string key, bool required, params string[] known)
            => Get(key, required) is { } n ? Reader.AsMap(n, $"'{key}'", known) : null;

        /// <summary>A list; a key with no value (<c>timeline:</c>) is an empty list.</summary>
        public IReadOnlyList<YamlNode>? Sequence(string key, bool required = false)
        {
            var n = Get(key, required);
            if (n is YamlScalarNode { Value: null or "" or "~" or "null", Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) }) return [];
            return n is null ? null : Reader.AsSequence(n, $"'{key}'");
        }

        private static string Clip(string s) => s.Length > 60 ? s[..57] + "..." : s;
    }
}
