using System.Text.Json;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Output;

/// <summary>
/// One tracked window as one JSON object: the fields of schemas/drift_observation.avsc in its order,
/// camelCase, after a leading <c>"type":"observation"</c>; unknown values are null, never zero.
/// </summary>
public static class ObservationJson
{
    public const string Type = "observation";

    /// <param name="writer">Where the object goes.</param>
    /// <param name="tracked">The judged window.</param>
    /// <param name="instance">The instance that judged it (the schema's <c>instance</c>), or null when not named.</param>
    public static void Write(Utf8JsonWriter writer, TrackedWindow tracked, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tracked);
        var v = tracked.Verdict;
        var w = v.Window;
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("storeId", w.StoreId);
        WireJson.Millis(writer, "windowStart", w.Start);
        WireJson.Millis(writer, "windowEnd", w.End);
        WireJson.Number(writer, "sessionKeys", w.SessionKeys);
        WireJson.Number(writer, "activeUsers", w.ActiveUsers);
        WireJson.Number(writer, "orders", w.Orders);
        writer.WriteNumber("samples", w.Samples);
        WireJson.Number(writer, "drift", w.Drift);
        WireJson.Number(writer, "driftRatio", w.DriftRatio);
        WireJson.Number(writer, "baselineRatio", v.BaselineRatio);
        WireJson.Number(writer, "expectedDrift", v.ExpectedDrift);
        WireJson.Number(writer, "robustZ", v.RobustZ);
        writer.WriteNumber("consecutiveMaterial", v.ConsecutiveMaterial);
        writer.WriteString("state", WireSymbol.Of(v.State));
        writer.WriteString("cause", WireSymbol.Of(tracked.Diagnosis.Cause));
        WireJson.Number(writer, "causeConfidence", tracked.Diagnosis.Confidence);
        Events(writer, w.Events);
        SignalsJson.Health(writer, w.Health);
        SignalsJson.Ttl(writer, w.Ttl);
        writer.WriteStartObject("trend");
        WireJson.Number(writer, "min", w.Trend.Min);
        WireJson.Number(writer, "mean", w.Trend.Mean);
        WireJson.Number(writer, "max", w.Trend.Max);
        writer.WriteEndObject();
        SignalsJson.Reconcile(writer, w.LastReconcile);
        writer.WriteBoolean("redisReachable", w.RedisReachable);
        writer.WriteBoolean("countUncertain", w.CountUncertain);
        if (instance is null)
        {
            writer.WriteNull("instance");
        }
        else
        {
            writer.WriteString("instance", instance);
        }

        writer.WriteEndObject();
    }

    private static void Events(Utf8JsonWriter writer, SessionEventCounts e)
    {
        writer.WriteStartObject("events");
        writer.WriteNumber("new", e.New);
        writer.WriteNumber("set", e.Set);
        writer.WriteNumber("hset", e.HSet);
        writer.WriteNumber("del", e.Del);
        writer.WriteNumber("expired", e.Expired);
        writer.WriteNumber("evicted", e.Evicted);
        writer.WriteNumber("expire", e.Expire);
        writer.WriteNumber("persist", e.Persist);
        writer.WriteNumber("renamedIn", e.RenamedIn);
        writer.WriteNumber("renamedOut", e.RenamedOut);
        writer.WriteNumber("other", e.Other);
        writer.WriteEndObject();
    }
}
