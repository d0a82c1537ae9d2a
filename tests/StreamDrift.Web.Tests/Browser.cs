using Microsoft.Playwright;

namespace StreamDrift.Web.Tests;

/// <summary>
/// Debian's chromium, headless, driven by Playwright: never a downloaded browser. Every request the page
/// makes is recorded so a test can prove it went nowhere but StreamDrift.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _requests = [];
    private readonly Lock _lock = new();

    private Browser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Request += (_, request) =>
        {
            lock (_lock)
            {
                _requests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<Browser> OpenAsync(int width = 1280, int height = 900)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: tools/test.sh installs Debian's chromium");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in CI has no user namespace sandbox; the page is our own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return new Browser(playwright, browser, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
