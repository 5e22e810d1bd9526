using System.CommandLine;
using BackboneSim.Cli.Output;
using BackboneSim.Cli.Scenarios;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Cli.Commands;

/// <summary><c>backbonesim validate SCENARIO...</c>: load and check scenarios (or topology files) without running them.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("SCENARIO")
        {
            Description = "Scenario files or library names to check; a topology file (top-level 'generator:', e.g. scenarios/topologies/hyperscaler.yaml) is checked as a topology",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check scenario and topology files and print every error as FILE:LINE:COL: message.") { files };
        command.SetAction(parse =>
        {
            var failed = 0;
            foreach (var given in parse.GetValue(files)!)
            {
                var (file, errors) = ScenarioArgument.Resolve(given);
                if (file is null)
                {
                    failed++;
                    foreach (var line in errors) Console.Error.WriteLine(line);
                    continue;
                }
                try
                {
                    if (TopologyFile.Is(file))
                    {
                        var t = TopologyFile.Load(file);
                        Console.WriteLine($"{given}: ok — topology, {t.NodeNames.Count} nodes, {t.Links.Count} links, {t.Routers.Count} routers, " +
                                          $"{t.DnsServers.Count} DNS servers, {t.ExternalAses.Count} external ASes");
                        foreach (var line in DataCenterPhysicsSummary.Lines(t, new ModelParameters())) Console.WriteLine(line);
                        continue;
                    }
                    var s = ScenarioLoader.Load(file);
                    Console.WriteLine($"{given}: ok — '{s.Title}', {s.Topology.NodeNames.Count} nodes, {s.Topology.Links.Count} links, " +
                                      $"{s.Timeline.Count} actions, {TimeText.FormatDuration(s.DurationMs)}");
                    foreach (var line in DataCenterPhysicsSummary.Lines(s.Topology, s.Parameters)) Console.WriteLine(line);
                }
                catch (ScenarioLoadException ex)
                {
                    failed++;
                    foreach (var line in ex.Lines()) Console.Error.WriteLine(line);
                }
            }
            return failed == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }
}
