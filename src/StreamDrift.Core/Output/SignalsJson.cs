using System.Text.Json;
using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Output;

/// <summary>The Redis signals a window carries (INFO, TTLs, the last reconcile) as nested JSON objects, or null.</summary>
internal static class SignalsJson
{
    public static void Health(Utf8JsonWriter writer, RedisHealth? h)
    {
        if (h is null)
        {
            writer.WriteNull("health");
            return;
        }
        writer.WriteStartObject("health");
        WireJson.Millis(writer, "sampledAt", h.SampledAt);
        WireJson.Number(writer, "evictedKeysPerSecond", h.EvictedKeysPerSecond);
        WireJson.Number(writer, "expiredKeysPerSecond", h.ExpiredKeysPerSecond);
        WireJson.Number(writer, "rejectedConnectionsPerSecond", h.RejectedConnectionsPerSecond);
        writer.WriteNumber("usedMemoryBytes", h.UsedMemoryBytes);
        writer.WriteNumber("maxMemoryBytes", h.MaxMemoryBytes);
        writer.WriteString("maxMemoryPolicy", h.MaxMemoryPolicy);
        writer.WriteNumber("connectedClients", h.ConnectedClients);
        writer.WriteNumber("maxClients", h.MaxClients);
        writer.WriteNumber("opsPerSecond", h.InstantaneousOpsPerSecond);
        writer.WriteString("role", h.Role);
        writer.WriteNumber("dbKeys", h.DbKeys);
        writer.WriteNumber("dbExpires", h.DbExpires);
        writer.WriteEndObject();
    }

    public static void Ttl(Utf8JsonWriter writer, TtlSummary? t)
    {
        if (t is null)
        {
            writer.WriteNull("ttl");
            return;
        }
        writer.WriteStartObject("ttl");
        WireJson.Millis(writer, "sampledAt", t.SampledAt);
        writer.WriteNumber("sampled", t.Sampled);
        writer.WriteNumber("withoutTtl", t.WithoutTtl);
        WireJson.Number(writer, "p10Seconds", t.P10Seconds);
        WireJson.Number(writer, "p50Seconds", t.P50Seconds);
        WireJson.Number(writer, "p90Seconds", t.P90Seconds);
        WireJson.Number(writer, "maxSeconds", t.MaxSeconds);
        writer.WriteEndObject();
    }

    public static void Reconcile(Utf8JsonWriter writer, ReconcileResult? c)
    {
        if (c is null)
        {
            writer.WriteNull("lastReconcile");
            return;
        }
        writer.WriteStartObject("lastReconcile");
        WireJson.Millis(writer, "finishedAt", c.FinishedAt);
        writer.WriteNumber("counterBefore", c.CounterBefore);
        writer.WriteNumber("scanned", c.Scanned);
        writer.WriteNumber("uncertaintyBound", c.UncertaintyBound);
        writer.WriteNumber("correction", c.Correction);
        writer.WriteNumber("elapsedMillis", (long)c.Elapsed.TotalMilliseconds);
        writer.WriteString("reason", c.Reason);
        writer.WriteEndObject();
    }
}
