using System.Globalization;
using System.Xml.Linq;

namespace BackboneSim.Model.Expectations;

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
            // XElement escapes every string: expectation names and details come from a user's file.
            var test = new XElement("testcase",
                new XAttribute("classname", scenarioName),
                new XAttribute("name", r.Expectation.Name),
                new XAttribute("file", sourceFile),
                new XAttribute("line", r.Expectation.Location.Line));
            if (r.Outcome == ExpectationOutcome.Failed)
                test.Add(new XElement("failure", new XAttribute("message", $"{r.Expectation.Describe()}: {r.Detail}"),
                    $"{r.Expectation.Location}: expected {r.Expectation.Describe()}\n{r.Detail}"));
            else if (r.Outcome == ExpectationOutcome.Inconclusive)
                test.Add(new XElement("skipped", new XAttribute("message", r.Detail)));
            else
                test.Add(new XElement("system-out", r.Detail));
            suite.Add(test);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
    }
}
