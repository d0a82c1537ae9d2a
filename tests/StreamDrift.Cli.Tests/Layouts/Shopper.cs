using System.Net;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// One shopper with their own cookie jar: browses products and fills a cart, then logs out, leaves (the session
/// stays until its TTL), or keeps shopping until the test stops. Each keeps exactly one session while shopping.
/// </summary>
internal sealed class Shopper(Uri store, int id, ShopperEnding ending) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
    {
        BaseAddress = store,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public ShopperEnding Ending => ending;

    /// <summary>True when this shopper's session should still exist after the shopping ends.</summary>
    public bool KeepsSession => ending != ShopperEnding.LogsOut;

    public async Task ShopAsync(int visits, CancellationToken cancellationToken)
    {
        await GetAsync("/", cancellationToken);
        for (var visit = 0; visit < visits; visit++)
        {
            await GetAsync($"/product/p{(id * 7) + visit}", cancellationToken);
            if (visit % 2 == 1)
            {
                await PostAsync($"/cart/p{visit}", cancellationToken);
            }
        }
        if (ending == ShopperEnding.LogsOut)
        {
            await PostAsync("/logout", cancellationToken);
        }
    }

    /// <summary>A request that holds the session for <paramref name="duration"/> (PHP's lock key lives that long).</summary>
    public Task SlowAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        GetAsync($"/slow?ms={(int)duration.TotalMilliseconds}", cancellationToken);

    private async Task GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
