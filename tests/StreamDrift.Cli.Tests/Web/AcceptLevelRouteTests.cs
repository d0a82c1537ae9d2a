using System.Net;
using System.Text.Json;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Metrics;
using StreamDrift.Cli.Running;
using StreamDrift.Cli.Web;

namespace StreamDrift.Cli.Tests.Web;

/// <summary><c>POST /stores/{id}/accept-level</c> over real HTTP on the Kestrel endpoint.</summary>
public sealed class AcceptLevelRouteTests
{
    [Fact]
    public async Task Post_ForAJudgedStore_AsksItsJudgingToAccept_202()
    {
        var accepted = new List<string>();
        var acceptance = new LevelAcceptance();
        using var eu = acceptance.Register("eu", () => accepted.Add("eu"));
        await using var endpoint = await StartAsync(acceptance);
        using var http = Client(endpoint);

        using var response = await http.PostAsync(new Uri("stores/eu/accept-level", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("eu", doc.RootElement.GetProperty("store").GetString());
        Assert.Equal("requested", doc.RootElement.GetProperty("acceptance").GetString());
        Assert.Equal(["eu"], accepted);
    }

    [Fact]
    public async Task Post_ForAStoreNotJudgedHere_404_AndNothingAccepted()
    {
        var accepted = new List<string>();
        var acceptance = new LevelAcceptance();
        var gone = acceptance.Register("gone", () => accepted.Add("gone"));
        gone.Dispose();
        using var eu = acceptance.Register("eu", () => accepted.Add("eu"));
        await using var endpoint = await StartAsync(acceptance);
        using var http = Client(endpoint);

        using var unknown = await http.PostAsync(new Uri("stores/us/accept-level", UriKind.Relative), null);
        using var stopped = await http.PostAsync(new Uri("stores/gone/accept-level", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no store 'us'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, stopped.StatusCode);
        Assert.Empty(accepted);
    }

    [Fact]
    public async Task Get_IsNotAllowed_405WithAllowPost_AndNothingAccepted()
    {
        var accepted = new List<string>();
        var acceptance = new LevelAcceptance();
        using var eu = acceptance.Register("eu", () => accepted.Add("eu"));
        await using var endpoint = await StartAsync(acceptance);
        using var http = Client(endpoint);

        using var response = await http.GetAsync(new Uri("stores/eu/accept-level", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Empty(accepted);
    }

    private static async Task<WebEndpoint> StartAsync(LevelAcceptance acceptance)
    {
        var endpoint = new WebEndpoint(new MetricsRegistry(), new HealthState(KafkaMode.None, "", DateTimeOffset.UnixEpoch), new CardBoard([]), TimeProvider.System, acceptance);
        await endpoint.StartAsync("127.0.0.1", 0);
        return endpoint;
    }

    private static HttpClient Client(WebEndpoint endpoint) => new() { BaseAddress = new Uri($"http://127.0.0.1:{endpoint.Port}/") };
}
