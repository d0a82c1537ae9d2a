using System.Text;
using System.Text.Json;

namespace StreamDrift.Kafka.Group;

/// <summary>What the group member needs of librdkafka's statistics JSON (<c>statistics.interval.ms</c>).</summary>
internal static class GroupStatistics
{
    /// <summary>The consumer group's join state (<c>cgrp.join_state</c>: <c>steady</c>, <c>wait-join</c>, ...), or null when absent or unreadable.</summary>
    public static string? JoinState(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        try
        {
            // Only the top-level "cgrp" object is read; the rest (brokers, topics, partitions) is skipped whole.
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var cgrp = reader.ValueTextEquals("cgrp"u8);
                reader.Read();
                if (!cgrp || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var joinState = reader.ValueTextEquals("join_state"u8);
                    reader.Read();
                    if (joinState && reader.TokenType == JsonTokenType.String)
                    {
                        return reader.GetString();
                    }

                    reader.Skip();
                }

                return null;
            }
        }
        catch (JsonException)
        {
            // A malformed document tells nothing; the last known state stands.
        }

        return null;
    }
}
