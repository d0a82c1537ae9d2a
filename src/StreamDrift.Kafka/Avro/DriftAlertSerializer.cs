using Avro;
using Avro.Generic;
using StreamDrift.Core.Alerts;

namespace StreamDrift.Kafka.Avro;

/// <summary>A <see cref="DriftAlert"/> as a record of schemas/drift_alert.avsc, single-object encoded.</summary>
public static class DriftAlertSerializer
{
    private static readonly RecordSchema Schema = EmbeddedSchemas.DriftAlert;

    /// <summary>The Avro record for the alert.</summary>
    public static GenericRecord ToRecord(DriftAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var r = new GenericRecord(Schema);
        r.Add("alertId", alert.AlertId);
        r.Add("storeId", alert.StoreId);
        r.Add("transition", DriftObservationSerializer.Enum(Schema, "transition", AvroNames.Symbol(alert.Transition)));
        r.Add("cause", DriftObservationSerializer.Enum(Schema, "cause", AvroNames.Symbol(alert.Cause)));
        r.Add("confidence", alert.Confidence);
        var evidence = new Dictionary<string, object>(alert.Evidence.Count, StringComparer.Ordinal);
        foreach (var (name, value) in alert.Evidence)
        {
            evidence[name] = value;
        }
        r.Add("evidence", evidence);
        r.Add("reading", alert.Reading);
        r.Add("mitigations", alert.Mitigations.ToArray<object>());
        r.Add("openedAt", alert.OpenedAt.UtcDateTime);
        r.Add("at", alert.At.UtcDateTime);
        r.Add("peakDrift", alert.PeakDrift);
        r.Add("windows", alert.Windows);
        return r;
    }

    /// <summary>Single-object encoded bytes of the alert.</summary>
    public static byte[] Serialize(DriftAlert alert) => SingleObjectEncoding.Encode(Schema, ToRecord(alert));
}
