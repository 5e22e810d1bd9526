using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;
using NJsonSchema;
using Newtonsoft.Json.Linq;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Model.Tests;

/// <summary>
/// scenarios/schema/whatif.schema.json (editor support for what-ifs): it names the keys <see cref="WhatIfReader"/>
/// reads, its actions are the scenario schema's without 'inject', and it accepts and rejects what the reader does.
/// </summary>
public class WhatIfSchemaTests
{
    private static readonly string WhatIfSchemaPath = RepoPaths.File("scenarios/schema/whatif.schema.json");
    private static readonly string ScenarioSchemaPath = RepoPaths.File("scenarios/schema/scenario.schema.json");

    [Fact]
    public void The_schema_has_the_readers_keys_and_the_scenarios_action_keys_but_inject()
    {
        var schema = JObject.Parse(File.ReadAllText(WhatIfSchemaPath));
        Assert.Equal(WhatIfReader.TopKeys.Order(), ((JObject)schema["properties"]!).Properties().Select(p => p.Name).Order());
        var scenarioAction = (JObject)JObject.Parse(File.ReadAllText(ScenarioSchemaPath))["definitions"]!["action"]!["properties"]!;
        var whatIfAction = (JObject)schema["definitions"]!["action"]!["properties"]!;
        Assert.Equal(scenarioAction.Properties().Select(p => p.Name).Where(k => k != "inject").Order(), whatIfAction.Properties().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("timeline:\n  - name: early\n    respond: { rollback: cut }\ncancel: [later]\n", true)]
    [InlineData("timeline:\n  - { at: '16:00:00', fail: { links: ['dc1-*'], for: 30m } }\n", true)]
    [InlineData("timeline:\n  - { when: { after: cut, delay: 1m }, respond: { rollback: cut } }\n", true)]
    [InlineData("cancel: [later]\n", true)]
    [InlineData("timelin: []\n", false)]
    [InlineData("timeline:\n  - { inject: true, respond: { rollback: cut } }\n", false)]
    [InlineData("timeline:\n  - { at: '16:00:00', when: { after: cut }, respond: { rollback: cut } }\n", false)]
    [InlineData("timeline:\n  - { respond: { rollback: cut }, recover: { failure: x } }\n", false)]
    [InlineData("cancel: later\n", false)]
    public async Task The_schema_accepts_and_rejects_what_ifs_as_the_reader_does(string yaml, bool valid)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var errors = (await JsonSchema.FromFileAsync(WhatIfSchemaPath)).Validate(YamlToJson.Convert(stream.Documents[0].RootNode));
        Assert.True(valid == (errors.Count == 0), string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }
}
