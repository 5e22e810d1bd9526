using System.Reflection;
using System.Text.RegularExpressions;
using BackboneSim.Engine;
using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Build;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Engine, Model, Scenarios and Analysis are plain C#: the only Orleans names they use are the serialization attributes
/// (GenerateSerializer, Id, Immutable) that silo/PlainModel.targets brings in as aliases. The Orleans source generator
/// adds serializers for the messages (namespace OrleansCodeGen); those are Orleans' own code and are left out.
/// </summary>
public partial class OrleansFreeModelTests
{
    private static readonly Assembly[] PlainAssemblies =
        [typeof(SimulationCoordinator).Assembly, typeof(SimulationFactory).Assembly, typeof(ScenarioLoader).Assembly, typeof(RunState).Assembly];

    private static readonly string[] PlainProjects =
        ["silo/BackboneSim.Engine", "silo/BackboneSim.Model", "silo/BackboneSim.Scenarios", "silo/BackboneSim.Analysis"];

    [Fact]
    public void No_Engine_or_Model_source_file_imports_or_names_an_Orleans_namespace()
    {
        var offending = new List<string>();
        foreach (var project in PlainProjects)
            foreach (var file in Directory.EnumerateFiles(RepoPaths.File(project), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                                     !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = lines[i].Split("//")[0]; // comments may speak of Orleans
                    if (OrleansName().IsMatch(code)) offending.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        Assert.True(offending.Count == 0, "Orleans names in plain model code:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void No_Engine_or_Model_type_has_a_member_of_an_Orleans_type()
    {
        var offending = new List<string>();
        foreach (var type in PlainAssemblies.SelectMany(a => a.GetTypes()).Where(t => t.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) != true))
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = new List<(string Where, Type Type)>();
            if (type.BaseType is { } baseType) used.Add(("base", baseType));
            used.AddRange(type.GetInterfaces().Select(i => ("interface", i)));
            used.AddRange(type.GetFields(all).Select(f => (f.Name, f.FieldType)));
            used.AddRange(type.GetProperties(all).Select(p => (p.Name, p.PropertyType)));
            foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (m is MethodInfo mi) used.Add((m.Name, mi.ReturnType));
                used.AddRange(m.GetParameters().Select(p => ($"{m.Name}({p.Name})", p.ParameterType)));
            }
            offending.AddRange(used.Where(u => IsOrleans(u.Type)).Select(u => $"{type.FullName}.{u.Where}: {u.Type.FullName}"));
        }
        Assert.True(offending.Count == 0, "Orleans types in plain model code:\n" + string.Join("\n", offending.Distinct()));
    }

    [Fact]
    public void The_check_sees_an_Orleans_type_when_there_is_one()
        => Assert.True(IsOrleans(typeof(List<Orleans.IGrainFactory>)) && !IsOrleans(typeof(List<string>)));

    private static bool IsOrleans(Type t)
    {
        if (t.IsGenericParameter) return false;
        if (t.HasElementType) return IsOrleans(t.GetElementType()!);
        if (t.IsGenericType && t.GetGenericArguments().Any(IsOrleans)) return true;
        return t.Assembly.GetName().Name?.StartsWith("Orleans", StringComparison.Ordinal) == true;
    }

    /// <summary>A using of an Orleans namespace, or a name qualified with one.</summary>
    [GeneratedRegex(@"\busing\s+(static\s+)?(\w+\s*=\s*)?(global::)?Orleans\b|\bOrleans\s*\.\s*[A-Z]")]
    private static partial Regex OrleansName();
}
