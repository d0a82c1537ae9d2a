using Avro;
using Avro.Generic;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Kafka.Avro;

/// <summary>
/// One tracked window (verdict + diagnosis) as a <c>DriftObservation</c> record of
/// schemas/drift_observation.avsc, single-object encoded.
/// </summary>
public static class DriftObservationSerializer
{
    private static readonly RecordSchema Schema = EmbeddedSchemas.DriftObservation;

    /// <summary>The Avro record for the window, naming the <paramref name="instance"/> that judged it when known.</summary>
    public static GenericRecord ToRecord(TrackedWindow tracked, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        var v = tracked.Verdict;
        var w = v.Window;
        var r = new GenericRecord(Schema);
        r.Add("storeId", w.StoreId);
        r.Add("windowStart", w.Start.UtcDateTime);
        r.Add("windowEnd", w.End.UtcDateTime);
        r.Add("sessionKeys", w.SessionKeys);
        r.Add("activeUsers", w.ActiveUsers);
        r.Add("orders", w.Orders);
        r.Add("samples", w.Samples);
        r.Add("drift", w.Drift);
        r.Add("driftRatio", w.DriftRatio);
        r.Add("baselineRatio", v.BaselineRatio);
        r.Add("expectedDrift", v.ExpectedDrift);
        r.Add("robustZ", v.RobustZ);
        r.Add("consecutiveMaterial", v.ConsecutiveMaterial);
        r.Add("state", Enum(Schema, "state", AvroNames.Symbol(v.State)));
        r.Add("cause", Enum(Schema, "cause", AvroNames.Symbol(tracked.Diagnosis.Cause)));
        r.Add("causeConfidence", tracked.Diagnosis.Confidence);
        r.Add("events", Events(w.Events));
        r.Add("health", w.Health is null ? null : Health(w.Health));
        r.Add("ttl", w.Ttl is null ? null : Ttl(w.Ttl));
        r.Add("trend", Trend(w.Trend));
        r.Add("lastReconcile", w.LastReconcile is null ? null : Reconcile(w.LastReconcile));
        r.Add("redisReachable", w.RedisReachable);
        r.Add("countUncertain", w.CountUncertain);
        r.Add("instance", instance);
        return r;
    }

    /// <summary>Single-object encoded bytes of the window.</summary>
    public static byte[] Serialize(TrackedWindow tracked, string? instance = null) => SingleObjectEncoding.Encode(Schema, ToRecord(tracked, instance));

    internal static GenericEnum Enum(RecordSchema schema, string field, string symbol) =>
        new((EnumSchema)schema[field].Schema, symbol);

    private static RecordSchema Nested(string field) => AvroSchemas.Record(Schema[field].Schema);

    private static GenericRecord Events(SessionEventCounts e)
    {
        var r = new GenericRecord(Nested("events"));
        r.Add("new", e.New);
        r.Add("set", e.Set);
        r.Add("hset", e.HSet);
        r.Add("del", e.Del);
        r.Add("expired", e.Expired);
        r.Add("evicted", e.Evicted);
        r.Add("expire", e.Expire);
        r.Add("persist", e.Persist);
        r.Add("renamedIn", e.RenamedIn);
        r.Add("renamedOut", e.RenamedOut);
        r.Add("other", e.Other);
        return r;
    }

    private static GenericRecord Health(RedisHealth h)
    {
        var r = new GenericRecord(Nested("health"));
        r.Add("sampledAt", h.SampledAt.UtcDateTime);
        r.Add("evictedKeysPerSecond", h.EvictedKeysPerSecond);
        r.Add("expiredKeysPerSecond", h.ExpiredKeysPerSecond);
        r.Add("rejectedConnectionsPerSecond", h.RejectedConnectionsPerSecond);
        r.Add("usedMemoryBytes", h.UsedMemoryBytes);
        r.Add("maxMemoryBytes", h.MaxMemoryBytes);
        r.Add("maxMemoryPolicy", h.MaxMemoryPolicy);
        r.Add("connectedClients", h.ConnectedClients);
        r.Add("maxClients", h.MaxClients);
        r.Add("opsPerSecond", h.InstantaneousOpsPerSecond);
        r.Add("role", h.Role);
        r.Add("dbKeys", h.DbKeys);
        r.Add("dbExpires", h.DbExpires);
        return r;
    }

    private static GenericRecord Ttl(TtlSummary t)
    {
        var r = new GenericRecord(Nested("ttl"));
        r.Add("sampledAt", t.SampledAt.UtcDateTime);
        r.Add("sampled", t.Sampled);
        r.Add("withoutTtl", t.WithoutTtl);
        r.Add("p10Seconds", t.P10Seconds);
        r.Add("p50Seconds", t.P50Seconds);
        r.Add("p90Seconds", t.P90Seconds);
        r.Add("maxSeconds", t.MaxSeconds);
        return r;
    }

    private static GenericRecord Trend(DriftTrend t)
    {
        var r = new GenericRecord(Nested("trend"));
        r.Add("min", t.Min);
        r.Add("mean", t.Mean);
        r.Add("max", t.Max);
        return r;
    }

    private static GenericRecord Reconcile(ReconcileResult c)
    {
        var r = new GenericRecord(Nested("lastReconcile"));
        r.Add("finishedAt", c.FinishedAt.UtcDateTime);
        r.Add("counterBefore", c.CounterBefore);
        r.Add("scanned", c.Scanned);
        r.Add("uncertaintyBound", c.UncertaintyBound);
        r.Add("correction", c.Correction);
        r.Add("elapsedMillis", (long)c.Elapsed.TotalMilliseconds);
        r.Add("reason", c.Reason);
        return r;
    }
}
