using System.Text.Json;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>What a healthy run on a real framework must show in its sink.</summary>
internal static class LayoutAssertions
{
    /// <summary>
    /// Waits for a judged window that saw <paramref name="sessions"/> session keys (the positive signal that the run
    /// judged the settled traffic), then asserts no alert was raised at any point.
    /// </summary>
    public static async Task ObservedWithoutAlertAsync(CompatibilityRun run, long sessions)
    {
        await Eventually.Until(() => run.SinkLines().Any(l => IsObservationOf(l, sessions)), TimeSpan.FromSeconds(30),
            () => $"no observation with sessionKeys {sessions}:\n{string.Join('\n', run.SinkLines().TakeLast(5))}");
        var alerts = run.SinkLines().Where(l => l.Contains("\"type\":\"alert\"", StringComparison.Ordinal)).ToList();
        Assert.True(alerts.Count == 0, $"alerts on healthy traffic: {string.Join('\n', alerts)}");
    }

    private static bool IsObservationOf(string line, long sessions)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("type").GetString() == "observation"
            && json.RootElement.TryGetProperty("sessionKeys", out var keys) && keys.ValueKind == JsonValueKind.Number
            && keys.GetDouble() == sessions;
    }
}
