using System.Globalization;
using System.Text.Json;

namespace StreamDrift.Core.Output;

/// <summary>The value conventions of the JSON outputs: epoch milliseconds for instants, non-finite numbers as their names.</summary>
internal static class WireJson
{
    public static void Millis(Utf8JsonWriter writer, string name, DateTimeOffset at)
    {
        // Truncated like Avro's timestamp-millis conversion, so JSON and Kafka carry the same number.
        writer.WriteNumber(name, (at.UtcDateTime - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond);
    }

    public static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        writer.WritePropertyName(name);
        Number(writer, value);
    }

    public static void Number(Utf8JsonWriter writer, double? value)
    {
        if (value is not { } v)
        {
            writer.WriteNullValue();
        }
        else if (double.IsFinite(v))
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            // JSON has no NaN or infinity; the names as strings keep the value visible instead of failing the line.
            writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
        }
    }
}
