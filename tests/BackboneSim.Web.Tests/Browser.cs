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
