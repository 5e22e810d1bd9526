using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios.Actions;
using BackboneSim.Tests.Shared;
using Newtonsoft.Json.Linq;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The timeline's action kinds are a closed hierarchy with one registry (<see cref="ActionKinds"/>): every subtype
/// of <see cref="TimelineAction"/> is registered once under its own key, and the schemas describe exactly the
/// registered kinds, each by its own definition (scenarios/schema/scenario.schema.json#/definitions/KEY), in the
/// registry's order, in scenarios and in what-ifs alike.
/// </summary>
public class ActionKindsTests
{
    private static readonly string ScenarioSchemaPath = RepoPaths.File("scenarios/schema/scenario.schema.json");
    private static readonly string WhatIfSchemaPath = RepoPaths.File("scenarios/schema/whatif.schema.json");

    [Fact]
    public void Every_action_type_is_registered_once_under_its_own_key()
    {
        var types = typeof(TimelineAction).Assembly.GetTypes().Concat(typeof(ActionKinds).Assembly.GetTypes()).Where(t => t.IsSubclassOf(typeof(TimelineAction))).ToList();
        Assert.All(types, t => Assert.True(t.IsSealed, $"{t.Name}: an action kind is a sealed record"));
        Assert.Equal(types.Select(t => t.Name).Order(StringComparer.Ordinal), ActionKinds.All.Select(k => k.Type.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ActionKinds.All.Count, ActionKinds.Keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["push", "respond", "fail", "recover", "surge"], ActionKinds.Keys.Take(5));
    }

    [Theory]
    [InlineData("scenario.schema.json", "#/definitions/")]
    [InlineData("whatif.schema.json", "scenario.schema.json#/definitions/")]
    public void The_schemas_describe_each_registered_kind_by_its_definition(string file, string prefix)
    {
        var scenarioSchema = JObject.Parse(File.ReadAllText(ScenarioSchemaPath));
        var schema = file == "scenario.schema.json" ? scenarioSchema : JObject.Parse(File.ReadAllText(WhatIfSchemaPath));
        var action = (JObject)schema["definitions"]!["action"]!;
        var properties = (JObject)action["properties"]!;
        var common = new[] { "at", "when", "inject", "name" };
        Assert.Equal(ActionKinds.Keys, properties.Properties().Select(p => p.Name).Where(k => !common.Contains(k)));
        foreach (var key in ActionKinds.Keys)
        {
            Assert.Equal(prefix + key, (string?)properties[key]!["$ref"]);
            Assert.True(scenarioSchema["definitions"]![key] is JObject, $"scenario.schema.json has no definition '{key}'");
        }
        var exactlyOne = ((JArray)action["allOf"]![0]!["oneOf"]!).Select(o => o["required"]!.Values<string>().Single()!).ToList();
        Assert.Equal(ActionKinds.Keys, exactlyOne);
    }
}
