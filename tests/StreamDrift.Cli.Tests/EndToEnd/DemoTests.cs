using System.Net.Sockets;
using System.Text.RegularExpressions;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary><c>streamdrift demo</c>, headless, from start to its own end.</summary>
public partial class DemoTests
{
    [Fact]
    public async Task Demo_Headless_RunsToCompletion_PublishesAnEvictionAlert_AndCleansUp()
    {
        var result = await StreamDriftExecutable.RunAsync(["demo", "--headless"], TimeSpan.FromMinutes(4));

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n');
        Assert.Contains(lines, l => CardLine().IsMatch(l));
        // Read back from Kafka and decoded: the alert record the broker holds.
        Assert.Contains(lines, l => l.Contains("published streamdrift.alerts: OPENED SESSIONS_EVICTED store demo-store confidence ", StringComparison.Ordinal));
        // One readable line per judged window, the incident's among them.
        var windows = lines.Where(l => WindowLine().IsMatch(l)).ToList();
        Assert.True(windows.Count >= 30, $"{windows.Count} window lines");
        Assert.Contains(windows, l => l.Contains("  ALERTING  cause SESSIONS_EVICTED ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("{\"", StringComparison.Ordinal));
        Assert.Contains("demo finished: observations and alerts in ", result.StandardOutput, StringComparison.Ordinal);

        // The private redis-server is gone with the demo.
        var port = int.Parse(RedisEndpoint().Match(result.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [GeneratedRegex(@"^streamdrift: the card is at http://127\.0\.0\.1:\d+/ ")]
    private static partial Regex CardLine();

    [GeneratedRegex(@"^\[\d\d:\d\d\] demo-store \d\d:\d\d:\d\d  keys [\d,-]+  users [\d,-]+  drift [-+\d,]+ .*  (NORMAL|MATERIAL|ALERTING|STALE)  cause ")]
    private static partial Regex WindowLine();

    [GeneratedRegex(@"redis-server at 127\.0\.0\.1:(\d+)")]
    private static partial Regex RedisEndpoint();
}
