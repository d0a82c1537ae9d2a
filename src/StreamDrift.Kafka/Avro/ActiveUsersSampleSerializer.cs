using Avro;
using Avro.Generic;
using StreamDrift.Core.Samples;

namespace StreamDrift.Kafka.Avro;

/// <summary>The connectors' input contract, schemas/active_users_sample.avsc, both ways.</summary>
public static class ActiveUsersSampleSerializer
{
    private static readonly RecordSchema Schema = EmbeddedSchemas.ActiveUsersSample;

    /// <summary>Single-object encoded bytes of the sample (what a connector publishes).</summary>
    public static byte[] Serialize(ActiveUsersSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var r = new GenericRecord(Schema);
        r.Add("storeId", sample.StoreId);
        r.Add("connector", sample.Connector);
        r.Add("activeUsers", sample.ActiveUsers);
        r.Add("activeWindowSeconds", sample.ActiveWindowSeconds);
        r.Add("observedAt", sample.ObservedAt.UtcDateTime);
        r.Add("orders", sample.Orders);
        return SingleObjectEncoding.Encode(Schema, r);
    }

    /// <summary>Decodes a single-object encoded sample.</summary>
    /// <exception cref="InvalidDataException">Not single-object encoding, or another schema's fingerprint.</exception>
    /// <exception cref="AvroException">A body that does not match the schema.</exception>
    public static ActiveUsersSample Deserialize(byte[] payload)
    {
        var r = SingleObjectEncoding.Decode(payload, Schema);
        var observed = (DateTime)r["observedAt"];
        return new ActiveUsersSample(
            (string)r["storeId"],
            (string)r["connector"],
            (long)r["activeUsers"],
            (int)r["activeWindowSeconds"],
            new DateTimeOffset(DateTime.SpecifyKind(observed, DateTimeKind.Utc)),
            r["orders"] as long?);
    }
}
