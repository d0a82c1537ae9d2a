using System.Text.Json;

namespace StreamDrift.Kafka.Group;

/// <summary>What the group member needs of librdkafka's statistics JSON (<c>statistics.interval.ms</c>).</summary>
internal static class GroupStatistics
{
    /// <summary>The consumer group's join state (<c>cgrp.join_state</c>: <c>steady</c>, <c>wait-join</c>, ...), or null when absent or unreadable.</summary>
    public static string? JoinState(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("cgrp", out var cgrp) && cgrp.ValueKind == JsonValueKind.Object
                && cgrp.TryGetProperty("join_state", out var state) && state.ValueKind == JsonValueKind.String
                ? state.GetString()
                : null;
        }
        catch (JsonException)
        {
            // A malformed document tells nothing; the last known state stands.
            return null;
        }
    }
}
