using System.CommandLine.Parsing;
using System.Globalization;

namespace BackboneSim.Cli.Commands;

/// <summary>
/// Parses a whole-number option value with a message a person reads ("--seed must be a whole number, not 'abc'")
/// instead of System.CommandLine's, which names the .NET type (System.Nullable`1[System.Int64]).
/// </summary>
public static class WholeNumber
{
    public static long? Long(ArgumentResult r, string option)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        r.AddError($"{option} must be a whole number, not '{text}'");
        return null;
    }

    /// <param name="range">What the option's range is called in the error ("between 1 and 16", "a TCP port (1-65535)").</param>
    public static int? Int(ArgumentResult r, string option, int min, int max, string range)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            r.AddError($"{option} must be a whole number, not '{text}'");
        else if (v < min || v > max) r.AddError($"{option} must be {range}");
        else return v;
        return null;
    }
}
