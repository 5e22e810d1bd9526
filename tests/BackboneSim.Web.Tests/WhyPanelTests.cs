using System.Text.RegularExpressions;
using BackboneSim.Tests.Shared;
using Microsoft.Playwright;

namespace BackboneSim.Web.Tests;

/// <summary>The Why panel in headless Chromium: click a service, then a DNS server, and read the chain back to the scenario line.</summary>
[Collection(WebCollection.Name)]
public sealed class WhyPanelTests(WebHostFixture web, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Clock = "Number(document.getElementById('clock').getAttribute('data-ms'))";

    [Fact]
    public async Task Click_a_service_and_see_its_causal_chain_back_to_the_scenario_line()
    {
        var errors = new List<string>();
        var (context, page) = await TestPages.OpenAsync(browser.Browser, errors, height: 1200);
        await using var disposeContext = context;

        var runId = await TestPages.StartFromPageAsync(page, web.Url, "facebook-2021-10-04", "600x");
        try
        {
            // Past 15:45 (the scenario starts at 15:30), then hold still at 16:00 so the instant asked about is known.
            await page.WaitForFunctionAsync($"() => {Clock} >= 900000", null, new PageWaitForFunctionOptions { PollingInterval = 100 });
            await page.ClickAsync("#play");
            await page.WaitForSelectorAsync("#run-state[data-state=paused]");
            await page.FillAsync("#goto", "16:00");
            await page.ClickAsync("#goto-form button");
            await page.WaitForFunctionAsync($"() => {Clock} === 1800000");
            await page.WaitForSelectorAsync("#services [data-name='facebook.com'][data-state=unavailable]");

            await page.ClickAsync("#services [data-name='facebook.com']");
            await page.WaitForSelectorAsync("#why-panel[data-target='facebook.com'][data-at-ms='1800000'] #why-chain li");
            Assert.Equal("facebook.com", await page.TextContentAsync("#why-target"));
            Assert.Contains("16:00:00 UTC", await page.TextContentAsync("#why-body .why-head"));
            Assert.Equal("unavailable", await page.GetAttributeAsync("#why-body .why-state", "data-state"));
            var first = page.Locator("#why-chain li").First;
            Assert.Equal("scenario.action", await first.GetAttributeAsync("data-kind"));
            Assert.StartsWith("15:39:00", await first.Locator(".t").TextContentAsync());
            var root = await page.TextContentAsync("#why-root");
            Assert.StartsWith("It started with the scenario line ", root);
            AssertCapacityCheckLine(root!);
            // The picture shows where the chain ends, at the scenario line (the panel's body scrolls inside the side column;
            // the viewport is as tall as the page, as a full-page capture that resizes it resets that scroll).
            await page.EvaluateAsync("() => { const b = document.getElementById('why-body'); b.scrollTop = b.scrollHeight; }");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "why-facebook.png"), FullPage = true });

            // A DNS server's square: its own chain, from the same push.
            var dns = page.Locator("#dns-grid [data-kind=dns]").First;
            var dnsName = await dns.GetAttributeAsync("data-name");
            await dns.ClickAsync();
            await page.WaitForSelectorAsync($"#why-panel[data-target='{dnsName}'] #why-chain li");
            Assert.Equal(dnsName, await page.TextContentAsync("#why-target"));
            Assert.Equal("withdrawn", await page.GetAttributeAsync("#why-body .why-state", "data-state"));
            Assert.Equal("scenario.action", await page.Locator("#why-chain li").First.GetAttributeAsync("data-kind"));
            Assert.Equal("dns.withdraw", await page.Locator("#why-chain li").Last.GetAttributeAsync("data-kind"));
            AssertCapacityCheckLine((await page.TextContentAsync("#why-root"))!);

            // A row seeks there, and the panel follows the instant shown: it answers again for the new one.
            var withdrawMs = long.Parse((await page.Locator("#why-chain li").Last.GetAttributeAsync("data-ms"))!);
            await page.Locator("#why-chain li button").Last.ClickAsync();
            await page.WaitForFunctionAsync($"() => {Clock} === {withdrawMs}");
            await page.WaitForSelectorAsync($"#why-panel[data-at-ms='{withdrawMs}']");
            Assert.Equal("dns.withdraw", await page.Locator("#why-chain li").Last.GetAttributeAsync("data-kind"));

            // A site on the map answers too: one that is down and not covered by a neighbour where the mouse lands.
            var siteName = await page.EvaluateAsync<string>(@"() => [...document.querySelectorAll('#map .site[data-state=down]')].find(s => {
                const r = s.getBoundingClientRect();
                return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === s;
            })?.getAttribute('data-name')");
            Assert.False(string.IsNullOrEmpty(siteName), "no down site to click");
            await page.ClickAsync($"#map .site[data-name='{siteName}']");
            await page.WaitForSelectorAsync($"#why-panel[data-target='{siteName}']:not([data-loading]) #why-target:text-is('{siteName}')");
            var body = await page.TextContentAsync("#why-body");
            Assert.True(await page.Locator("#why-chain li").CountAsync() > 0, $"no chain for site {siteName}: {body}");
            Assert.Contains(" site at ", body);

            TestPages.AssertNoErrors(errors);
        }
        finally { await web.EndRunAsync(runId); }
    }

    /// <summary>The text names the FB scenario file at the capacity check's line.</summary>
    private static void AssertCapacityCheckLine(string text)
    {
        var m = Regex.Match(text, @"facebook-2021-10-04\.yaml:(\d+)");
        Assert.True(m.Success, $"no scenario line in '{text}'");
        var lines = File.ReadAllLines(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"));
        Assert.Contains(lines.Skip(int.Parse(m.Groups[1].Value) - 1).Take(2), l => l.Contains("name: capacity-check"));
    }
}
