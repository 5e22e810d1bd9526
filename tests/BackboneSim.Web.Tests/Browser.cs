using BackboneSim.Tests.Shared;
using Microsoft.Playwright;

namespace BackboneSim.Web.Tests;

/// <summary>
/// Debian's Chromium (installed by the test when missing), driven headless by Playwright's driver: no browser
/// download. Screenshots go to out/web-tests/ at the repository root.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public static string Screenshots { get; } = Directory.CreateDirectory(RepoPaths.File("out/web-tests")).FullName;

    public async Task InitializeAsync()
    {
        DebianPackages.Ensure(Chromium, "chromium");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // No GPU here: WebGL (the graph view) runs on SwiftShader. This Chromium falls back to it by itself; newer ones
            // only with --enable-unsafe-swiftshader.
            Args = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>What the browser tests do on every page: open it in a fresh context, and record what goes wrong in it.</summary>
public static class TestPages
{
    /// <summary>
    /// A page in a new context (1440 × <paramref name="height"/>) that adds to <paramref name="errors"/> every uncaught
    /// exception and every console error, except those <paramref name="expected"/> says the test causes on purpose.
    /// </summary>
    public static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(IBrowser browser, List<string> errors, int height = 960,
        float timeoutMs = 120_000, Func<string, bool>? expected = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeoutMs);
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error" && expected?.Invoke(m.Text) != true) errors.Add(m.Text); };
        return (context, page);
    }

    /// <summary>Pick a scenario and a speed on the page and press Start; answers the run's id once the page shows it.</summary>
    public static async Task<string> StartFromPageAsync(IPage page, string url, string scenario, string speed)
    {
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync($"#scenario option[value='{scenario}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#scenario", scenario);
        await page.SelectOptionAsync("#start-speed", speed);
        await page.ClickAsync("#start");
        await page.WaitForSelectorAsync("body[data-run]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return await OwnShownRunAsync(page);
    }

    /// <summary>
    /// The run the page shows, which the page started (or forked): its owner token, which the page keeps, goes to
    /// <see cref="RunOwnerTokens"/>, so that the test may control and end the run too.
    /// </summary>
    public static async Task<string> OwnShownRunAsync(IPage page)
    {
        var id = await page.EvaluateAsync<string>("() => document.body.getAttribute('data-run')");
        var token = await page.EvaluateAsync<string?>("id => localStorage.getItem('backbonesim.owner.' + id)", id);
        Assert.False(string.IsNullOrEmpty(token), $"the page kept no owner token for the run it started ({id})");
        RunOwnerTokens.Tokens[id] = token!;
        return id;
    }

    /// <summary>
    /// Let the pages of <paramref name="context"/> control <paramref name="runId"/>, a run the test started through the
    /// API: its owner token goes to their localStorage before their scripts run, as if they had started it.
    /// </summary>
    public static Task GiveOwnerTokenAsync(IBrowserContext context, string runId)
        => context.AddInitScriptAsync($"localStorage.setItem('backbonesim.owner.{runId}', '{RunOwnerTokens.Tokens[runId]}');");

    public static void AssertNoErrors(List<string> errors) => Assert.True(errors.Count == 0, "errors on the page:\n" + string.Join("\n", errors));
}
