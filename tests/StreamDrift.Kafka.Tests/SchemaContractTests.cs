using Avro;
using Avro.Generic;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Tests;

public class SchemaContractTests
{
    [Fact]
    public void EnumSymbols_AreTheContractsOnes()
    {
        var observation = RepoFiles.Avsc("drift_observation");
        var alert = RepoFiles.Avsc("drift_alert");

        Assert.Equal(["NORMAL", "MATERIAL", "ALERTING", "STALE"], ((EnumSchema)observation["state"].Schema).Symbols);
        Assert.Equal(["OPENED", "UPDATED", "RESOLVED"], ((EnumSchema)alert["transition"].Schema).Symbols);
        string[] causes = ["NONE", "SESSIONS_EVICTED", "SESSIONS_EXPIRING_EARLY", "SESSION_WRITES_FAILING", "SESSION_PREFIX_CHANGED",
            "ORPHANED_SESSIONS", "BOT_TRAFFIC", "CONNECTOR_STALE", "UNKNOWN"];
        Assert.Equal(causes, ((EnumSchema)observation["cause"].Schema).Symbols);
        Assert.Equal(causes, ((EnumSchema)alert["cause"].Schema).Symbols);
        // Every Core enum member has its symbol, so a member added in Core without a schema change fails here.
        Assert.All(Enum.GetValues<Core.Classification.Cause>(), c => Assert.Contains(AvroNames.Symbol(c), causes));
    }

    [Fact]
    public void Observation_WrittenWithTheCommittedSchema_IsReadWithOnlyTheAvscFile()
    {
        var tracked = TestData.Window("store-7", 3);

        var r = SingleObjectEncoding.Decode(DriftObservationSerializer.Serialize(tracked), RepoFiles.Avsc("drift_observation"));

        Assert.Equal("store-7", r["storeId"]);
        Assert.Equal(tracked.Verdict.Window.End.UtcDateTime, (DateTime)r["windowEnd"]);
        Assert.Equal(6400.0, r["sessionKeys"]);
        Assert.Equal(-3400.0, r["drift"]);
        Assert.Equal(-3400.0 / 9800, (double)r["driftRatio"], 9);
        Assert.Equal(0.01, r["baselineRatio"]);
        Assert.Equal("ALERTING", ((GenericEnum)r["state"]).Value);
        Assert.Equal("SESSIONS_EVICTED", ((GenericEnum)r["cause"]).Value);
        Assert.Equal(2950L, ((GenericRecord)r["events"])["evicted"]);
        var health = (GenericRecord)r["health"];
        Assert.Equal("allkeys-lru", health["maxMemoryPolicy"]);
        Assert.Equal(26_400L, health["dbKeys"]);
        Assert.Equal(1620.0, ((GenericRecord)r["ttl"])["p90Seconds"]);
        Assert.Equal(-120.5, ((GenericRecord)r["trend"])["mean"]);
        Assert.Equal(10L, ((GenericRecord)r["lastReconcile"])["correction"]);
        Assert.Equal(true, r["redisReachable"]);
    }

    [Fact]
    public void Observation_NamesTheInstanceThatJudgedIt_AndAVersionOneReaderStillReadsIt()
    {
        var bytes = DriftObservationSerializer.Serialize(TestData.Window("store-7", 3), "streamdrift-2");

        var r = SingleObjectEncoding.Decode(bytes, RepoFiles.Avsc("drift_observation"));
        var v1 = SingleObjectEncoding.Decode(bytes, RepoFiles.Avsc("drift_observation"), (RecordSchema)Schema.Parse(File.ReadAllText(Path.Combine(RepoFiles.ApprovedDir, "drift_observation.v1.avsc"))));

        Assert.Equal("streamdrift-2", r["instance"]);
        Assert.Null(SingleObjectEncoding.Decode(DriftObservationSerializer.Serialize(TestData.Window("store-7", 3)), RepoFiles.Avsc("drift_observation"))["instance"]);
        Assert.Equal("store-7", v1["storeId"]);
        Assert.False(v1.TryGetValue("instance", out _));
    }

    [Fact]
    public void Observation_OfAStaleWindow_CarriesNullsNotZeros()
    {
        var tracked = TestData.Window("store-7", 3);
        var stale = tracked with { Verdict = tracked.Verdict with { Window = tracked.Verdict.Window with { ActiveUsers = null, Health = null, Ttl = null, LastReconcile = null } } };

        var r = SingleObjectEncoding.Decode(DriftObservationSerializer.Serialize(stale), RepoFiles.Avsc("drift_observation"));

        Assert.Null(r["activeUsers"]);
        Assert.Null(r["drift"]);
        Assert.Null(r["health"]);
    }

    [Fact]
    public void Alert_WrittenWithTheCommittedSchema_IsReadWithOnlyTheAvscFile()
    {
        var alert = TestData.Alert("store-7", AlertTransition.Resolved);

        var r = SingleObjectEncoding.Decode(DriftAlertSerializer.Serialize(alert), RepoFiles.Avsc("drift_alert"));

        Assert.Equal(alert.AlertId, r["alertId"]);
        Assert.Equal("RESOLVED", ((GenericEnum)r["transition"]).Value);
        Assert.Equal("SESSIONS_EVICTED", ((GenericEnum)r["cause"]).Value);
        Assert.Equal(0.93, r["confidence"]);
        var evidence = (IDictionary<string, object>)r["evidence"];
        Assert.Equal(2950.0, evidence["evicted_events"]);
        Assert.Equal(alert.Mitigations, ((object[])r["mitigations"]).Cast<string>());
        Assert.Equal(alert.OpenedAt.UtcDateTime, (DateTime)r["openedAt"]);
        Assert.Equal(-3498.0, r["peakDrift"]);
        Assert.Equal(3, r["windows"]);
    }

    [Fact]
    public void ActiveUsersSampleJsonTwin_HasTheAvscFieldsAndRequiresThoseWithoutDefault()
    {
        var avsc = RepoFiles.Avsc("active_users_sample");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.SchemasDir, "active_users_sample.schema.json")));
        var root = json.RootElement;

        var properties = root.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var required = root.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal);

        Assert.Equal(avsc.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), properties);
        Assert.Equal(avsc.Fields.Where(f => f.DefaultValue is null).Select(f => f.Name).Order(StringComparer.Ordinal), required);
    }

    [Fact]
    public void ActiveUsersSample_RoundTrips()
    {
        var sample = new ActiveUsersSample("store-7", "shopify", 9800, 300, TestData.T0, 42);
        var noOrders = sample with { Orders = null };

        Assert.Equal(sample, ActiveUsersSampleSerializer.Deserialize(ActiveUsersSampleSerializer.Serialize(sample)));
        Assert.Equal(noOrders, ActiveUsersSampleSerializer.Deserialize(ActiveUsersSampleSerializer.Serialize(noOrders)));
    }

    [Fact]
    public void SingleObjectHeader_IsMarkerAndLittleEndianFingerprint()
    {
        var bytes = DriftAlertSerializer.Serialize(TestData.Alert("s"));
        var fingerprint = SchemaNormalization.ParsingFingerprint64(RepoFiles.Avsc("drift_alert"));

        Assert.Equal(0xC3, bytes[0]);
        Assert.Equal(0x01, bytes[1]);
        Assert.Equal(BitConverter.GetBytes(fingerprint), bytes[2..10]);
        Assert.Throws<InvalidDataException>(() => SingleObjectEncoding.Decode(bytes, RepoFiles.Avsc("drift_observation")));
        Assert.Throws<InvalidDataException>(() => SingleObjectEncoding.Decode(bytes[2..], RepoFiles.Avsc("drift_alert")));
    }
}
