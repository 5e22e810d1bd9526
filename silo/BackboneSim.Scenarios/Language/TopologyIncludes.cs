using BackboneSim.Model.Scenario;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Resolves <c>include:</c> in a scenario's <c>topology:</c> mapping and in the topology files it includes, into one
/// merged mapping (docs/scenario-format.md#topology-include): the included files first, in list order, then the
/// including mapping's own keys. Two mappings merge key by key, two lists are concatenated, a later single value
/// replaces an earlier one. A file reached again through another include (a diamond) is merged once, where it is first
/// reached; only a file that includes itself, directly or not, is an error. The merged tree keeps the parsed key and
/// leaf nodes, so errors name their own file and line; each merged mapping or list is reported where the including
/// file's node is.
/// </summary>
public static class TopologyIncludes
{
    /// <summary>Includes nest at most this deep: the scenario's include is level 1.</summary>
    public const int MaxDepth = 8;

    /// <summary>Files of one scenario: the scenario and the files it includes, directly or not.</summary>
    public const int MaxFiles = 100;

    /// <summary>The sizes of the scenario and every file it includes, together.</summary>
    public const long MaxTotalBytes = 2 * YamlReader.MaxFileBytes;

    private const string IncludeKey = "include";

    private sealed class Load(YamlReader reader, IScenarioFiles files, string rootDir, long bytes)
    {
        public YamlReader Reader { get; } = reader;
        public IScenarioFiles Files { get; } = files;
        public string RootDir { get; } = rootDir;
        public YamlSourceMap Sources { get; } = reader.Sources ?? throw new ArgumentException("includes need a reader with a source map");
        /// <summary>Every file included so far (each is merged once).</summary>
        public HashSet<string> Reached { get; } = new(StringComparer.Ordinal);
        /// <summary>The files being included, outermost (the scenario) first: a target already on it is a cycle.</summary>
        public List<string> Chain { get; } = new();
        public long Bytes { get; set; } = bytes;
        /// <summary>An include could not be followed: the merged topology misses that file's keys.</summary>
        public bool Broken { get; set; }
    }

    /// <summary>
    /// The topology with every include resolved; <paramref name="topology"/> itself when it has none. Null when an
    /// include could not be followed (the error is reported): the rest would only report what the file should have given.
    /// </summary>
    public static YamlNode? Resolve(YamlReader r, IScenarioFiles files, YamlNode topology, string scenarioPath)
    {
        if (topology is not YamlMappingNode m || !m.Children.ContainsKey(new YamlScalarNode(IncludeKey))) return topology;
        var load = new Load(r, files, Path.GetDirectoryName(scenarioPath)!, files.Length(scenarioPath));
        load.Chain.Add(scenarioPath);
        var merged = Expand(load, m, load.RootDir, level: 1);
        return load.Broken ? null : merged;
    }

    /// <summary>A mapping with an <c>include:</c> key: its includes merged, then its own keys on top.</summary>
    private static YamlMappingNode Expand(Load load, YamlMappingNode m, string dir, int level)
    {
        var sources = new List<YamlMappingNode>();
        foreach (var entry in Entries(load, m.Children[new YamlScalarNode(IncludeKey)]))
            if (Include(load, entry, dir, level) is { } included) sources.Add(included);
        var own = m.Children.Where(kv => (kv.Key as YamlScalarNode)?.Value != IncludeKey).ToList();
        if (own.Count == 0 && sources.Count == 1) return sources[0];
        return Merge(load, [.. sources.Select(s => s.Children.ToList()), own], m);
    }

    private static List<YamlScalarNode> Entries(Load load, YamlNode value)
    {
        var entries = new List<YamlScalarNode>();
        if (value is YamlScalarNode one) entries.Add(one);
        else if (value is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
                if (item is YamlScalarNode s) entries.Add(s);
                else { load.Reader.Error(item, "an 'include' entry must be a file path"); load.Broken = true; }
        }
        else { load.Reader.Error(value, "'include' must be a file path or a list of file paths"); load.Broken = true; }
        return entries;
    }

    /// <summary>
    /// One include entry: the file's topology mapping with its own includes resolved. Null for a file merged already
    /// (reached again through another include: it is merged once, where it is first reached), or when the include
    /// cannot be followed (reported, and the load is <see cref="Load.Broken"/>).
    /// </summary>
    private static YamlMappingNode? Include(Load load, YamlScalarNode entry, string dir, int level)
    {
        var r = load.Reader;
        YamlMappingNode? Fail(YamlNode at, string message)
        {
            r.Error(at, message);
            load.Broken = true;
            return null;
        }
        var rel = entry.Value ?? "";
        if (rel.Trim().Length == 0) return Fail(entry, "'include' must name a file");
        if (rel.IndexOfAny(Path.GetInvalidPathChars()) is var bad and >= 0)
            return Fail(entry, $"include path '{rel}' has a character no file name can have ({EscapedText.Char(rel[bad])} at position {bad + 1})");
        string target;
        try { target = Path.GetFullPath(Path.Combine(dir, rel)); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Fail(entry, $"include path '{rel}' is not a usable file path: {ex.Message}");
        }
        // Includes stay inside the scenario's folder tree: a scenario from elsewhere must not read arbitrary files.
        if (Path.IsPathRooted(rel) || !target.StartsWith(load.RootDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return Fail(entry, $"include '{rel}' leaves the scenario's folder; includes must be below {FolderName(load)}");
        if (load.Chain.IndexOf(target) is var first and >= 0)
            return Fail(entry, "include cycle: " + string.Join(" -> ", load.Chain.Skip(first).Append(target).Select(load.Files.DisplayName)));
        if (!load.Reached.Add(target)) return null;
        if (level > MaxDepth) return Fail(entry, $"include '{rel}' is nested {level} levels deep; includes nest at most {MaxDepth} levels");
        if (load.Reached.Count + 1 > MaxFiles) return Fail(entry, $"include '{rel}' makes {load.Reached.Count + 1} files in this scenario; the limit is {MaxFiles}");
        // A single file larger than a file may be is reported by its load.
        var size = load.Files.Exists(target) ? load.Files.Length(target) : 0;
        if (size <= YamlReader.MaxFileBytes && load.Bytes + size > MaxTotalBytes)
            return Fail(entry, $"include '{rel}' brings the scenario and its includes to more than {MaxTotalBytes:N0} bytes, the limit");
        load.Bytes += size;
        var document = YamlReader.LoadDocument(load.Files, target, r.Errors, load.Sources);
        if (document is null) return Fail(entry, $"cannot include '{rel}' (see the error in that file)");
        if (document is not YamlMappingNode mapping) return Fail(document, "an included topology file must be a mapping (key: value lines)");
        if (!mapping.Children.ContainsKey(new YamlScalarNode(IncludeKey))) return mapping;
        load.Chain.Add(target);
        var expanded = Expand(load, mapping, Path.GetDirectoryName(target)!, level + 1);
        load.Chain.RemoveAt(load.Chain.Count - 1);
        return expanded;
    }

    private static string FolderName(Load load)
    {
        var name = load.Files.DisplayName(load.RootDir);
        return name.EndsWith(Path.DirectorySeparatorChar) ? name : name + Path.DirectorySeparatorChar;
    }

    /// <summary>Mappings merged key by key, in order; the result is reported where <paramref name="at"/> is.</summary>
    private static YamlMappingNode Merge(Load load, IReadOnlyList<List<KeyValuePair<YamlNode, YamlNode>>> sources, YamlNode at)
    {
        var keys = new List<string>();
        var byKey = new Dictionary<string, (YamlNode Key, List<YamlNode> Values)>(StringComparer.Ordinal);
        foreach (var source in sources)
            foreach (var (key, value) in source)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!byKey.TryGetValue(name, out var entry)) { keys.Add(name); entry = (key, new List<YamlNode>()); }
                entry.Values.Add(value);
                byKey[name] = (key, entry.Values); // the latest source's key: where a later value was written
            }
        var merged = new YamlMappingNode();
        foreach (var name in keys)
        {
            var (key, values) = byKey[name];
            merged.Add(key, MergeValues(load, name, values));
        }
        load.Sources.AddMerged(merged, at);
        return merged;
    }

    private static string Shape(YamlNode n) => n switch { YamlMappingNode => "a mapping", YamlSequenceNode => "a list", _ => "a single value" };

    private static YamlNode MergeValues(Load load, string key, List<YamlNode> values)
    {
        // A value of another shape than the ones before it is an error there, and is left out (so reading goes on with
        // the shape the key had first, without a second error about it).
        var kept = new List<YamlNode> { values[0] };
        foreach (var value in values.Skip(1))
        {
            if (Shape(value) == Shape(kept[0])) kept.Add(value);
            else load.Reader.Error(value, $"'{key}' is {Shape(value)} here but {Shape(kept[^1])} in {load.Reader.At(kept[^1])}; " +
                                          "included values merge only when both are mappings or both lists");
        }
        if (kept.Count == 1) return kept[0];
        switch (kept[^1])
        {
            case YamlMappingNode:
                return Merge(load, kept.Select(v => ((YamlMappingNode)v).Children.ToList()).ToList(), kept[^1]);
            case YamlSequenceNode:
                var list = new YamlSequenceNode(kept.SelectMany(v => ((YamlSequenceNode)v).Children));
                load.Sources.AddMerged(list, kept[^1]);
                return list;
            default:
                return kept[^1];
        }
    }
}
