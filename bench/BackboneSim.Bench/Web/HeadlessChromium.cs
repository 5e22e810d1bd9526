using System.Diagnostics;
using Microsoft.Playwright;

namespace BackboneSim.Bench.Web;

/// <summary>
/// Debian's Chromium driven headless by Playwright for .NET (its bundled driver, no browser download), launched as
/// the web tests' BrowserFixture does. Installs the package when missing and the user is root; otherwise says how.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;

    public IBrowser Browser { get; }

    private HeadlessChromium(IPlaywright playwright, IBrowser browser) { _playwright = playwright; Browser = browser; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        EnsureInstalled();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--enable-unsafe-swiftshader"], // WebGL (the graph view) on the CPU: there is no GPU
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A fresh context (no cache, no storage) and page, as a first visit.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(int timeoutMs)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 960 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeoutMs);
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    private static void EnsureInstalled()
    {
        if (File.Exists(Executable)) return;
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"bench web needs Chromium at {Executable}: run 'sudo apt-get install -y chromium'.");
        Console.Error.WriteLine($"bench web: {Executable} is missing, installing the chromium package…");
        foreach (var arguments in new[] { "update -qq", "install -y --no-install-recommends chromium" })
        {
            var psi = new ProcessStartInfo("apt-get", arguments);
            psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start apt-get");
            p.WaitForExit();
        }
        if (!File.Exists(Executable)) throw new InvalidOperationException($"apt-get install chromium did not provide {Executable}.");
    }
}
