using System.Text.RegularExpressions;
using BackboneSim.Analysis.Observation;

namespace BackboneSim.Web.Tests;

/// <summary>
/// The event kinds the page names (the log's NOISY filter in eventLog.ts, and any other 'area.what' literal in
/// ClientApp/src) are kinds the model emits: a kind renamed in the model fails here, not as a filter that silently
/// stops matching.
/// </summary>
public class PageEventKindsTests
{
    [Fact]
    public void Every_event_kind_the_page_names_is_in_the_catalog()
    {
        var areas = EventKinds.All.Select(k => k[..k.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        var named = Directory.GetFiles(TsInterfaces.Src, "*.ts")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"'([a-z]+)\.([a-z_]+)'").Select(m => (File: Path.GetFileName(f), Kind: m.Groups[1].Value + "." + m.Groups[2].Value, Area: m.Groups[1].Value)))
            .Where(x => areas.Contains(x.Area))
            .ToList();
        Assert.Contains(named, x => x.File == "eventLog.ts"); // the NOISY list is read at all
        var unknown = named.Where(x => !EventKinds.All.Contains(x.Kind)).Select(x => $"{x.File}: '{x.Kind}'").ToList();
        Assert.True(unknown.Count == 0, "the page names event kinds the model does not emit: " + string.Join(", ", unknown));
    }
}
