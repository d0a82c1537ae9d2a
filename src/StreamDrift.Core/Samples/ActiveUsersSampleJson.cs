using System.Buffers;
using System.Text.Json;

namespace StreamDrift.Core.Samples;

/// <summary>
/// The JSON twin of schemas/active_users_sample.avsc: one object with camelCase fields
/// <c>storeId</c>, <c>connector</c>, <c>activeUsers</c>, <c>activeWindowSeconds</c>, <c>observedAt</c>
/// (ISO-8601) and an optional <c>orders</c>. Shared by every source that receives JSON (file, HTTP,
/// Kafka) so they all reject the same inputs for the same reasons.
/// </summary>
/// <remarks>
/// Only syntax and shape are checked here; value rules (negative counts, future event times, unknown
/// stores) belong to <see cref="SampleValidator"/>, which also sees samples decoded from Avro.
/// Unknown fields are skipped so a producer may add fields without breaking older readers.
/// </remarks>
public static class ActiveUsersSampleJson
{
    /// <summary>
    /// Parses one UTF-8 JSON object. Returns false with <see cref="RejectionReason.MalformedJson"/> for text
    /// that is not JSON, <see cref="RejectionReason.WrongSchema"/> for JSON of the wrong shape or field
    /// type, and <see cref="RejectionReason.MissingField"/> when a required field is absent.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json,
        out ActiveUsersSample? sample,
        out RejectionReason reason,
        out string detail)
    {
        sample = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var fields = default(SampleFields);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(RejectionReason.WrongSchema, "expected a JSON object", out reason, out detail);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!fields.ReadProperty(ref reader, out reason, out detail))
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return Fail(RejectionReason.MalformedJson, "unterminated object", out reason, out detail);
            }

            // Trailing content after the object means two records glued together or garbage: refuse both.
            if (reader.Read())
            {
                return Fail(RejectionReason.MalformedJson, "content after the object", out reason, out detail);
            }

            return fields.TryBuild(out sample, out reason, out detail);
        }
        catch (JsonException ex)
        {
            return Fail(RejectionReason.MalformedJson, ex.Message, out reason, out detail);
        }
    }

    /// <summary>Writes a sample in the same JSON shape (dead-letter payloads, the simulator, tests).</summary>
    public static byte[] Serialize(ActiveUsersSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("storeId", sample.StoreId);
            writer.WriteString("connector", sample.Connector);
            writer.WriteNumber("activeUsers", sample.ActiveUsers);
            writer.WriteNumber("activeWindowSeconds", sample.ActiveWindowSeconds);
            writer.WriteString("observedAt", sample.ObservedAt);
            if (sample.Orders is { } orders)
            {
                writer.WriteNumber("orders", orders);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Fail(RejectionReason why, string text, out RejectionReason reason, out string detail)
    {
        reason = why;
        detail = text;
        return false;
    }
}
