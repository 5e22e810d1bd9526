using System.CommandLine;
using BackboneSim.Cli.Commands;

namespace BackboneSim.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("BackboneSim: replay bad network changes (like Facebook's of 4 Oct 2021) and watch the cascade.")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
            ExplainCommand.Create(),
        };
        // `backbonesim help [COMMAND]` is `backbonesim [COMMAND] --help`, as people type it.
        if (args is ["help", .. var rest]) args = [.. rest.Take(1), "--help"];
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var line in UsageErrors.Describe(parse, root, args)) Console.Error.WriteLine($"backbonesim: {line}");
            var command = parse.CommandResult.Command;
            Console.Error.WriteLine(command == root ? "Try 'backbonesim --help'." : $"Try 'backbonesim {command.Name} --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // `run` handles SIGINT and SIGTERM itself (it writes what ran); the default would kill it 2 s later.
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not bad input: say so plainly, keep the detail for the report, and do not reuse codes 1 or 2.
            Console.Error.WriteLine($"backbonesim: internal error: {ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine("Please report this with the command line and scenario. Details:");
            Console.Error.WriteLine(ex.ToString());
            return ExitCodes.InternalError;
        }
    }
}

/// <summary>The exit codes scripts can rely on (docs/outputs.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ExpectationsFailed = 1;
    public const int BadInput = 2;
    /// <summary>A bug in BackboneSim (an unexpected exception), never the user's input.</summary>
    public const int InternalError = 3;
    /// <summary>`run --cluster`: Redis does not answer, or no silo of the cluster does (within --connect-timeout).</summary>
    public const int ClusterUnavailable = 4;
    public const int Interrupted = 130;
}
