using System.Globalization;
using System.Net;
using StreamDrift.Cli.Web;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Web;

/// <summary>
/// The HTTP port of the built executable under hostile clients (issue 16, finding 11): half-sent requests
/// are closed, connections are capped, and the port keeps answering. Redis is unreachable on purpose: the
/// endpoint serves from the start, before any store connects.
/// </summary>
public class WebLimitsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task HalfSentRequests_AreClosedByTheServer_AndTheEndpointStillAnswers()
    {
        var port = FreePort.Next();
        await using var run = StartRun(port);
        Assert.True(await Answers(port), run.StandardError);

        var held = new List<HalfSentRequest>();
        for (var i = 0; i < 200; i++)
        {
            held.Add(await HalfSentRequest.OpenAsync(port));
        }
        try
        {
            // Today's HttpListener held all 200 for good; each must be closed once the headers timeout passes.
            await Eventually.Until(() => held.All(h => h.Closed), Deadline, () => $"{held.Count(h => !h.Closed)} of 200 half-sent requests still open");
            Assert.True(await Answers(port), "the endpoint answers again once the slow clients are gone");
        }
        finally
        {
            foreach (var h in held)
            {
                await h.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ConnectionsBeyondTheCap_AreRefused_WhileTheHeldOnesStayOpen()
    {
        var port = FreePort.Next();
        await using var run = StartRun(port);
        Assert.True(await Answers(port), run.StandardError);

        var held = new List<HalfSentRequest>();
        for (var i = 0; i < WebLimits.MaxConnections; i++)
        {
            held.Add(await HalfSentRequest.OpenAsync(port));
        }
        try
        {
            await using var extra = await HalfSentRequest.OpenAsync(port);
            await Eventually.Until(() => extra.Closed, Deadline, "a connection over the cap is closed");
            // Refused for being over the cap, not timed out: the held ones (connected earlier) are still open.
            Assert.True(held.Count(h => !h.Closed) >= WebLimits.MaxConnections - 1, $"{held.Count(h => h.Closed)} held connections closed first");
        }
        finally
        {
            foreach (var h in held)
            {
                await h.DisposeAsync();
            }
        }
    }

    private static StreamDriftProcess StartRun(int port) => StreamDriftProcess.Start(
        ["run", "--users", "sim", "--kafka", "none", "--redis", "127.0.0.1:1", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>/healthz answers 200 before the deadline; the client's connection is closed after each try.</summary>
    private static async Task<bool> Answers(int port)
    {
        await Eventually.Until(
            async () =>
            {
                try
                {
                    using var http = new HttpClient();
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet, or refused while full
                }
            },
            Deadline,
            $"/healthz on port {port} answers 200");
        return true;
    }
}
