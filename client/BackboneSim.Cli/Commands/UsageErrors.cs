using System.CommandLine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Cli.Commands;

/// <summary>
/// Prints a command line's parse errors for a person: a misspelt command or option gets "did you mean", the value
/// after a misspelt option is not reported again, and "no command given" is not said next to "unknown command".
/// </summary>
public static class UsageErrors
{
    private const string Unrecognized = "Unrecognized command or argument";

    public static IReadOnlyList<string> Describe(ParseResult parse, RootCommand root, IReadOnlyList<string> args)
    {
        var lines = new List<string>();
        var command = parse.CommandResult.Command;
        var options = command.Options.Concat(root.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        var unknownCommand = false;
        string? previousUnknownOption = null;
        foreach (var token in parse.UnmatchedTokens)
        {
            var index = IndexOf(args, token);
            if (previousUnknownOption is not null && !token.StartsWith('-') && index > 0 && args[index - 1] == previousUnknownOption)
            {
                previousUnknownOption = null; // the misspelt option's value: one error is enough
                continue;
            }
            previousUnknownOption = null;
            if (token.StartsWith('-'))
            {
                var name = token.Split('=', 2)[0];
                lines.Add($"unknown option '{name}'{(command == root ? "" : $" for '{command.Name}'")}{Suggestions.DidYouMean(name, options)}");
                previousUnknownOption = token;
            }
            else if (command == root)
            {
                if (unknownCommand) continue; // what followed an unknown command is its arguments
                unknownCommand = true;
                lines.Add($"unknown command '{token}'{Suggestions.DidYouMean(token, root.Subcommands.Select(c => c.Name).Append("help"))}");
            }
            else lines.Add($"unexpected argument '{token}' for '{command.Name}'");
        }
        foreach (var error in parse.Errors)
        {
            if (error.Message.StartsWith(Unrecognized, StringComparison.Ordinal)) continue;
            if (unknownCommand && error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal)) continue;
            lines.Add(error.Message);
        }
        return lines;
    }

    private static int IndexOf(IReadOnlyList<string> args, string token)
    {
        for (var i = 0; i < args.Count; i++)
            if (args[i] == token) return i;
        return -1;
    }
}
