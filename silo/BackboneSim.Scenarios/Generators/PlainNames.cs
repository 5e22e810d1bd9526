namespace BackboneSim.Scenarios.Generators;

/// <summary>The plain-name rule of the format (letters, digits, '-' and '_'; Scenario.TopologyLoader.IsPlainName), for names a generator derives.</summary>
internal static class PlainNames
{
    public static bool IsPlain(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
