namespace BackboneSim.Cli.Output;

/// <summary>Word wrap for console text: breaks only between words, so names and conditions stay whole.</summary>
public static class TextWrap
{
    /// <summary>The console's width, or 80 when output goes to a pipe or file (what a CI log shows).</summary>
    public static int Width => Console.IsOutputRedirected ? 80 : Math.Max(40, Spectre.Console.AnsiConsole.Profile.Width);

    /// <summary>Lines of at most <paramref name="width"/> characters, except a single word longer than that.</summary>
    public static IEnumerable<string> Lines(string text, int width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line;
                    line = "";
                }
                line = line.Length == 0 ? word : line + " " + word;
            }
            yield return line;
        }
    }
}
