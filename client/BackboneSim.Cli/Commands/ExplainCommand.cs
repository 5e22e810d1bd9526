using System.CommandLine;
using BackboneSim.Cli.Running;

namespace BackboneSim.Cli.Commands;

/// <summary><c>backbonesim explain SCENARIO TARGET [--at TIME]</c>: why is a node, service or prefix in its state?</summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "Scenario file, or a library name (facebook-2021-10-04) as for run" };
        var target = new Argument<string>("TARGET") { Description = "A node (p-gru-dns1, as3356, as7922-users), a service (instagram.com) or a DNS prefix" };
        var at = new Option<string?>("--at") { Description = "When: a duration from the start (2h) or a UTC time of day (16:30:00); default the end" };
        var cohort = new Option<string?>("--in") { Description = "For a service: the client cohort to explain it for (e.g. as28573-users)" };
        var seed = new Option<long?>("--seed") { Description = "Override the scenario's random seed", CustomParser = r => WholeNumber.Long(r, "--seed") };
        var command = new Command("explain", "Print the causal chain that put a node, service or prefix in its state, back to the scenario line.")
        {
            scenario, target, at, cohort, seed,
        };
        command.SetAction(async (parse, ct) => await Explainer.ExecuteAsync(parse.GetValue(scenario)!, parse.GetValue(target)!,
            parse.GetValue(at), parse.GetValue(cohort), parse.GetValue(seed), ct));
        return command;
    }
}
