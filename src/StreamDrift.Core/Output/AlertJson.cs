using System.Text.Json;
using StreamDrift.Core.Alerts;

namespace StreamDrift.Core.Output;

/// <summary>
/// A <see cref="DriftAlert"/> as one JSON object: the fields of schemas/drift_alert.avsc in its order,
/// camelCase, after a leading <c>"type":"alert"</c>. Plain JSON for people and <c>jq</c>: enums are
/// their symbols, instants epoch milliseconds.
/// </summary>
public static class AlertJson
{
    public const string Type = "alert";

    public static void Write(Utf8JsonWriter writer, DriftAlert alert)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(alert);
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("alertId", alert.AlertId);
        writer.WriteString("storeId", alert.StoreId);
        writer.WriteString("transition", WireSymbol.Of(alert.Transition));
        writer.WriteString("cause", WireSymbol.Of(alert.Cause));
        WireJson.Number(writer, "confidence", alert.Confidence);
        writer.WriteStartObject("evidence");
        foreach (var (name, value) in alert.Evidence)
        {
            WireJson.Number(writer, name, value);
        }
        writer.WriteEndObject();
        writer.WriteString("reading", alert.Reading);
        writer.WriteStartArray("mitigations");
        foreach (var mitigation in alert.Mitigations)
        {
            writer.WriteStringValue(mitigation);
        }
        writer.WriteEndArray();
        WireJson.Millis(writer, "openedAt", alert.OpenedAt);
        WireJson.Millis(writer, "at", alert.At);
        WireJson.Number(writer, "peakDrift", alert.PeakDrift);
        writer.WriteNumber("windows", alert.Windows);
        writer.WriteEndObject();
    }
}
