using BackboneSim.Tests.Shared;

namespace BackboneSim.Cli.Tests;

public class ReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-report-" + Guid.NewGuid().ToString("N")[..8]);

    public ReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_report_tells_the_FB_cascade_with_causes_and_per_service_losses()
    {
        var path = Path.Combine(_dir, "fb.md");
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--report", path, "--quiet");
        Assert.Equal(0, r.ExitCode);
        var report = File.ReadAllText(path);
        Assert.StartsWith("# Incident report: ", report);
        foreach (var section in new[] { "## In short", "## Services", "## Key moments and why they happened" })
            Assert.Contains(section, report);
        var scenario = File.ReadAllLines(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"));
        var respondLine = Array.FindIndex(scenario, l => l.Contains("name: incident-response")); // the item starts one line above
        foreach (var service in new[] { "facebook.com", "instagram.com", "whatsapp.net", "messenger.com", "oculus.com", "login-with-facebook" })
            Assert.Matches($@"\| {System.Text.RegularExpressions.Regex.Escape(service)} \| 15:39:\d\d \| \d+h\d\dm\d\ds \| 2\d:\d\d:\d\d \| [\d.]+ (billion|million) \|", report);
        // The rollback's moment is explained back to the respond line, through the responders' journey.
        var rollback = report[report.IndexOf("responders push the rollback", StringComparison.Ordinal)..];
        rollback = rollback[..rollback.IndexOf("\n### ", StringComparison.Ordinal)];
        Assert.Contains("responders.travelling", rollback + report); // shown in full or condensed, the chain starts at the respond line
        Assert.Contains($"facebook-2021-10-04.yaml:{respondLine}:5", rollback);
    }
}
