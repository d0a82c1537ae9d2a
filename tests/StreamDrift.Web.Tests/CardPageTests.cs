using System.Globalization;
using Microsoft.Playwright;
using StreamDrift.TestSupport;

namespace StreamDrift.Web.Tests;

/// <summary>The card of a running <c>streamdrift run</c>, in Debian's chromium.</summary>
[Collection(OneBrowserAtATime.Name)]
public class CardPageTests(QuietStore store) : IClassFixture<QuietStore>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Headline_ShowsTheFiguresOfMetrics_AndThePageLoadsNothingFromElsewhere()
    {
        // The store is quiet: once its first windows are judged, keys, users and drift stay put.
        var metrics = await WaitForAsync(async () =>
        {
            var text = await store.GetAsync("metrics");
            var samples = text is null ? null : MetricsText.Samples(text);
            // Settled: the last closed window joined the full count with the connector's figure.
            return samples is not null && samples.GetValueOrDefault("streamdrift_drift{store=\"eu\"}") == QuietStore.Keys - QuietStore.Users
                && samples.GetValueOrDefault("streamdrift_session_keys{store=\"eu\"}") == QuietStore.Keys ? samples : null;
        });
        Assert.Equal(QuietStore.Users, metrics["streamdrift_active_users{store=\"eu\"}"]);

        await using var browser = await Browser.OpenAsync();
        await browser.Page.GotoAsync(store.Root.ToString());
        var page = browser.Page;
        await Assertions.Expect(page.Locator("#h-keys")).ToHaveTextAsync(Format(metrics["streamdrift_session_keys{store=\"eu\"}"]), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#h-users")).ToHaveTextAsync(Format(metrics["streamdrift_active_users{store=\"eu\"}"]));
        await Assertions.Expect(page.Locator("#h-drift")).ToHaveTextAsync("+" + Format(metrics["streamdrift_drift{store=\"eu\"}"]));
        await Assertions.Expect(page.Locator("#h-state")).ToHaveTextAsync("NORMAL");
        await Assertions.Expect(page.Locator("#s-dbkeys")).ToHaveTextAsync(Format(metrics["streamdrift_redis_db_keys{store=\"eu\"}"]));
        await Assertions.Expect(page.Locator("#link")).ToHaveTextAsync("live");

        var foreign = browser.Requests.Where(u => new Uri(u).Authority != store.Root.Authority).ToList();
        Assert.True(browser.Requests.Count >= 4, string.Join(", ", browser.Requests)); // page, script, style, card.json, events
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task Promtool_FindsNoProblem_InARealMetricsPage()
    {
        var text = await WaitForAsync(async () =>
        {
            var t = await store.GetAsync("metrics");
            return t is not null && t.Contains("streamdrift_redis_db_keys{store=\"eu\"}", StringComparison.Ordinal) ? t : null;
        });

        var (exit, output) = await Promtool.RunAsync(["check", "metrics"], text);

        Assert.True(exit == 0 && output.Length == 0, output);
    }

    [Fact]
    public async Task Dashboard_Parses_AndEveryExpressionNamesOnlySeriesTheMetricsPageExposes()
    {
        var text = await WaitForAsync(() => store.GetAsync("metrics"));
        var exposed = MetricsText.Families(text);

        var names = GrafanaDashboard.SeriesNames(Path.Combine(Repository.Root, "deploy", "grafana", "streamdrift.json"));

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => !exposed.Contains(n));
    }

    internal static string Format(double value) => Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>The first non-null answer of <paramref name="probe"/>; fails at the deadline.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        T? value = null;
        await Eventually.Until(async () => (value = await probe()) is not null, Deadline, "the run's port to show what the test waits for");
        return value!;
    }
}
