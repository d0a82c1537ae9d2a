using Avro;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Source;

/// <summary>
/// Decodes the value of a Kafka active-users record: tells the two accepted encodings apart by their first bytes (<c>C3 01</c> for Avro single-object
/// encoding, otherwise JSON) and decodes, or says why not.
/// </summary>
internal static class ActiveUsersPayloadDecoder
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
                return Counted(ActiveUsersSampleSerializer.Deserialize(payload));
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
        return Counted(parsed!);
    }

    // The count rules are SampleValidator's; asked here so a bad record is dead-lettered with its Kafka key.
    private static (ActiveUsersSample? Sample, RejectionReason Reason, string Detail) Counted(ActiveUsersSample sample) =>
        SampleValidator.TryValidateCounts(sample, out var reason, out var detail) ? (sample, default, "") : (null, reason, detail);
}
