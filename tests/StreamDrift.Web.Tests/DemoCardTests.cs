using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamDrift.TestSupport;
using Xunit.Abstractions;

namespace StreamDrift.Web.Tests;

/// <summary>
/// The card of <c>streamdrift demo</c>, open in chromium from the start: the scripted eviction storm must
/// show up as an alert, with its cause and reading, without the page being reloaded.
/// </summary>
[Collection(OneBrowserAtATime.Name)]
public partial class DemoCardTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EvictionStorm_ShowsTheAlertItsCauseAndReading_WithoutReload()
    {
        var port = FreePort.Next();
        await using var demo = StreamDriftProcess.Start(["demo", "--headless", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);
        var url = await CardUrlAsync(demo);
        Assert.Equal($"http://127.0.0.1:{port}/", url);

        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(url);
        // A reload would lose this: the alert must arrive over the open event stream.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await Assertions.Expect(page.Locator("#h-keys")).ToHaveTextAsync(Figure(), new() { Timeout = 60_000 });
        Report(await page.EvaluateAsync<string>(FirstVisitFigures));

        try
        {
            await Assertions.Expect(page.Locator("#open")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        }
        catch (PlaywrightException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\ndemo said:\n{demo.StandardOutput}\n{demo.StandardError}");
        }
        // The page shows the cause of the alert record the demo published (read back from Kafka). Which cause the
        // classifier names is the demo's and the scenarios' tests' concern: on a loaded machine the storm's first
        // windows have been read as another cause.
        var shown = "";
        await Eventually.Until(
            async () => (shown = await page.Locator("#open-cause").InnerTextAsync()) == PublishedCause(demo.StandardOutput),
            TimeSpan.FromSeconds(60),
            () => $"the page shows '{shown}', the last alert record says '{PublishedCause(demo.StandardOutput)}'");
        Report($"open alert on the page: {shown}");
        await Assertions.Expect(page.Locator("#open-reading")).ToContainTextAsync("session keys");
        await Assertions.Expect(page.Locator("#open-mitigations li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#h-state")).ToHaveTextAsync("ALERTING");
        await Assertions.Expect(page.Locator("#alerts tr").First).ToContainTextAsync("sessions evicted");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");

        if (Environment.GetEnvironmentVariable("STREAMDRIFT_CARD_SCREENSHOT") is { Length: > 0 } shot)
        {
            // docs/card.png in the README is taken here: `STREAMDRIFT_CARD_SCREENSHOT=$PWD/docs/card.png dotnet test ...`
            await page.WaitForTimeoutAsync(6_000);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        }
        var foreign = browser.Requests.Where(u => new Uri(u).Authority != new Uri(url).Authority).ToList();
        Assert.Empty(foreign);
    }

    private const string FirstVisitFigures = """
        () => {
          const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
          const bytes = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
            .filter(r => !r.name.includes('/events')).reduce((s, r) => s + (r.transferSize || 0), 0);
          return `first contentful paint ${paint ? Math.round(paint.startTime) : '?'} ms; ${bytes} bytes transferred (page, script, style, card.json)`;
        }
        """;

    private void Report(string line) => output.WriteLine(line);

    private static async Task<string> CardUrlAsync(StreamDriftProcess demo)
    {
        await Eventually.Until(() => CardLine().IsMatch(demo.StandardOutput) || demo.HasExited, TimeSpan.FromSeconds(60), () => "demo printed no card URL: " + demo.StandardOutput);
        var match = CardLine().Match(demo.StandardOutput);
        Assert.True(match.Success, demo.StandardOutput + demo.StandardError);
        return match.Groups[1].Value;
    }

    /// <summary>The cause of the last alert record the demo read back from Kafka, in the page's words.</summary>
    private static string? PublishedCause(string output)
    {
        var matches = PublishedAlert().Matches(output);
        return matches.Count == 0 ? null : matches[^1].Groups[1].Value.ToLowerInvariant().Replace('_', ' ');
    }

    [GeneratedRegex(@"published streamdrift\.alerts: (?:OPENED|UPDATED) (\w+) ")]
    private static partial Regex PublishedAlert();

    [GeneratedRegex(@"^[\d,]+$")]
    private static partial Regex Figure();

    [GeneratedRegex(@"the card is at (http://\S+/)")]
    private static partial Regex CardLine();
}
