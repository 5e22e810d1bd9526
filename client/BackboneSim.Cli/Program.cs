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
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"backbonesim: {error.Message}");
            Console.Error.WriteLine("Try 'backbonesim --help'.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync();
    }
}

/// <summary>The exit codes scripts can rely on (docs/outputs.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ExpectationsFailed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
