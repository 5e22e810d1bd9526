using System.CommandLine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Cli.Commands;

/// <summary><c>backbonesim validate SCENARIO...</c>: load and check scenarios without running them.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("SCENARIO") { Description = "Scenario files to check", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check scenario files and print every error as FILE:LINE:COL: message.") { files };
        command.SetAction(parse =>
        {
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var s = ScenarioLoader.Load(file);
                    Console.WriteLine($"{file}: ok — '{s.Title}', {s.Topology.NodeNames.Count} nodes, {s.Topology.Links.Count} links, " +
                                      $"{s.Timeline.Count} actions, {TimeText.FormatDuration(s.DurationMs)}");
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
