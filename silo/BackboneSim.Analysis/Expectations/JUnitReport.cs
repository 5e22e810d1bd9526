using System.Globalization;
using System.Xml.Linq;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Analysis.Expectations;

/// <summary>
/// Expectation outcomes as JUnit XML, the format CI systems read: one test suite per scenario, one test case per
/// steady-state condition and expectation; a failure carries the evidence, an inconclusive one is skipped.
/// </summary>
public static class JUnitReport
{
    public static XDocument Build(string scenarioName, string sourceFile, IReadOnlyList<ExpectationResult> results, TimeSpan wall)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", scenarioName),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Outcome == ExpectationOutcome.Failed)),
            new XAttribute("skipped", results.Count(r => r.Outcome == ExpectationOutcome.Inconclusive)),
            new XAttribute("errors", 0),
            new XAttribute("time", wall.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)));
        foreach (var r in results)
        {
            // XElement escapes markup, but XML 1.0 cannot hold control characters at all, even as references, and
            // expectation names and details come from a user's file: they are written as escapes (\u001b), as in errors.
            var test = new XElement("testcase",
                new XAttribute("classname", Text(scenarioName)),
                new XAttribute("name", Text(r.Expectation.Name)),
                new XAttribute("file", Text(sourceFile)),
                new XAttribute("line", r.Expectation.Location.Line));
            if (r.Outcome == ExpectationOutcome.Failed)
                test.Add(new XElement("failure", new XAttribute("message", Text($"{r.Expectation.Describe()}: {r.Detail}")),
                    $"{Text($"{r.Expectation.Location}: expected {r.Expectation.Describe()}")}\n{Text(r.Detail)}"));
            else if (r.Outcome == ExpectationOutcome.Inconclusive)
                test.Add(new XElement("skipped", new XAttribute("message", Text(r.Detail))));
            else
                test.Add(new XElement("system-out", Text(r.Detail)));
            suite.Add(test);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
    }

    private static string Text(string text) => EscapedText.Escape(text);
}
