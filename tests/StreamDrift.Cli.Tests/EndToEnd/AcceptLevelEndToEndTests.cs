using System.Globalization;
using System.Net;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary>
/// The built <c>streamdrift run</c> takes the operator's <c>POST /stores/{id}/accept-level</c> on its metrics port for the
/// store it judges (once its judging runs), and answers 404 for a store it does not judge and 405 for a GET.
/// </summary>
public class AcceptLevelEndToEndTests
{
    [Fact]
    public async Task Run_TakesAcceptLevelForItsStore_404ForAnother_405ForGet()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = FreePort.Next();
        await using var run = StreamDriftProcess.Start(
            ["run", "--store", "shop", "--users", "sim", "--kafka", "none", "--metrics-port", port.ToString(CultureInfo.InvariantCulture), "--redis", redis.Endpoint]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var status = HttpStatusCode.ServiceUnavailable;

        // The store registers when its judging starts, after its Redis answered: until then it is not judged here.
        await Eventually.Until(
            async () =>
            {
                try
                {
                    using var response = await http.PostAsync(new Uri("stores/shop/accept-level", UriKind.Relative), null);
                    status = response.StatusCode;
                    return status == HttpStatusCode.Accepted;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(120),
            () => $"accept-level answered {status}; stderr: {run.StandardError}; stdout: {run.StandardOutput}");

        using var other = await http.PostAsync(new Uri("stores/other/accept-level", UriKind.Relative), null);
        using var get = await http.GetAsync(new Uri("stores/shop/accept-level", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }
}
