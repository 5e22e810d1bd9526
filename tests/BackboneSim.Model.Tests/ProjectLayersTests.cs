using System.Reflection;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The plain projects reference each other in one direction (docs/architecture.md, "Layers"):
/// Engine ← Model ← Analysis ← Scenarios. The model knows nothing of the YAML language or of what a run means, and
/// analysis reads no YAML, so a model change never waits on the language and the language can grow without touching
/// the model. Checked on the built assemblies, because a project reference is what lets a type in.
/// </summary>
public class ProjectLayersTests
{
    private static readonly (string Name, Assembly Assembly)[] Layers =
    [
        ("BackboneSim.Engine", typeof(SimulationCoordinator).Assembly),
        ("BackboneSim.Model", typeof(SimulationFactory).Assembly),
        ("BackboneSim.Analysis", typeof(RunState).Assembly),
        ("BackboneSim.Scenarios", typeof(ScenarioLoader).Assembly),
    ];

    [Fact]
    public void Each_plain_project_references_only_the_layers_below_it()
    {
        var wrong = new List<string>();
        for (var i = 0; i < Layers.Length; i++)
        {
            var above = Layers.Skip(i + 1).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            wrong.AddRange(Layers[i].Assembly.GetReferencedAssemblies().Where(r => above.Contains(r.Name!))
                .Select(r => $"{Layers[i].Name} references {r.Name}"));
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_check_sees_a_reference_when_there_is_one()
        => Assert.Contains(typeof(ScenarioLoader).Assembly.GetReferencedAssemblies(), r => r.Name == "BackboneSim.Model");
}
