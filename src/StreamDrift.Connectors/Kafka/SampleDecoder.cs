using Avro;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Connectors.Kafka;

/// <summary>
/// Tells the two accepted encodings apart by their first bytes (<c>C3 01</c> for Avro single-object
/// encoding, otherwise JSON) and decodes, or says why not.
/// </summary>
internal static class SampleDecoder
{
    private static readonly long Fingerprint = SingleObjectEncoding.Fingerprint(EmbeddedSchemas.ActiveUsersSample);

    public static (ActiveUsersSample? Sample, RejectionReason Reason, string Detail) Decode(byte[] payload)
    {
        if (SingleObjectEncoding.TryReadFingerprint(payload, out var fingerprint))
        {
            if (fingerprint != Fingerprint)
            {
                return (null, RejectionReason.WrongSchema, $"Avro fingerprint {fingerprint:x16} is not active_users_sample's {Fingerprint:x16}");
            }
            try
            {
                var sample = ActiveUsersSampleSerializer.Deserialize(payload);
                return sample.ActiveUsers < 0 || sample.Orders < 0 || sample.ActiveWindowSeconds <= 0
                    ? (null, RejectionReason.NegativeCount, "activeUsers and orders must be >= 0, activeWindowSeconds > 0")
                    : (sample, default, "");
            }
            catch (Exception ex) when (ex is AvroException or EndOfStreamException or InvalidDataException or InvalidCastException)
            {
                return (null, RejectionReason.MalformedAvro, ex.Message);
            }
        }
        if (!ActiveUsersSampleJson.TryParse(payload, out var parsed, out var reason, out var detail))
        {
            return (null, reason, detail);
        }
        return parsed!.ActiveUsers < 0 || parsed.Orders < 0 || parsed.ActiveWindowSeconds <= 0
            ? (null, RejectionReason.NegativeCount, "activeUsers and orders must be >= 0, activeWindowSeconds > 0")
            : (parsed, default, "");
    }
}
