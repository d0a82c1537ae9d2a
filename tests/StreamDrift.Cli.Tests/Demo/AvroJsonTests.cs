using System.Text.Json;
using Avro;
using Avro.Generic;
using StreamDrift.Cli.Demo;

namespace StreamDrift.Cli.Tests.Demo;

/// <summary>The demo shows the Avro records it reads back from Kafka as plain JSON.</summary>
public class AvroJsonTests
{
    private const string SchemaJson = """
        {
          "type": "record", "name": "Observation", "namespace": "test",
          "fields": [
            { "name": "StoreId", "type": "string" },
            { "name": "windowEnd", "type": { "type": "long", "logicalType": "timestamp-millis" } },
            { "name": "sessionKeys", "type": "long" },
            { "name": "driftRatio", "type": ["null", "double"], "default": null },
            { "name": "missing", "type": ["null", "string"], "default": null },
            { "name": "state", "type": { "type": "enum", "name": "State", "symbols": ["NORMAL", "ALERTING"] } },
            { "name": "evidence", "type": { "type": "map", "values": "double" } },
            { "name": "mitigations", "type": { "type": "array", "items": "string" } },
            { "name": "stale", "type": "boolean" },
            { "name": "count", "type": "int" },
            { "name": "health", "type": ["null", { "type": "record", "name": "Health", "fields": [ { "name": "policy", "type": "string" } ] }] }
          ]
        }
        """;

    private static GenericRecord Sample()
    {
        var schema = (RecordSchema)Schema.Parse(SchemaJson);
        var record = new GenericRecord(schema);
        record.Add("StoreId", "eu");
        record.Add("windowEnd", new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc));
        record.Add("sessionKeys", 9_000_000_000L);
        record.Add("driftRatio", -0.25);
        record.Add("missing", null);
        record.Add("state", new GenericEnum((EnumSchema)schema["state"].Schema, "ALERTING"));
        record.Add("evidence", new Dictionary<string, object> { ["evictedPerSecond"] = 12.5, ["memoryUsed"] = 0.99 });
        record.Add("mitigations", new object[] { "volatile-lru", "dedicated DB" });
        record.Add("stale", false);
        record.Add("count", 3);
        var healthSchema = (RecordSchema)((UnionSchema)schema["health"].Schema).Schemas[1];
        var health = new GenericRecord(healthSchema);
        health.Add("policy", "allkeys-lru");
        record.Add("health", health);
        return record;
    }

    private static string Json(GenericRecord record, string type)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AvroJson.WriteRecord(writer, record, type);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WriteRecord_WritesAFaithfulJsonObject_WithItsTypeFirst()
    {
        using var observation = JsonDocument.Parse(Json(Sample(), "observation"));
        var o = observation.RootElement;
        Assert.Equal("type", o.EnumerateObject().First().Name);
        Assert.Equal("observation", o.GetProperty("type").GetString());
        Assert.Equal("eu", o.GetProperty("storeId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), o.GetProperty("windowEnd").GetInt64());
        Assert.Equal(9_000_000_000L, o.GetProperty("sessionKeys").GetInt64());
        Assert.Equal(-0.25, o.GetProperty("driftRatio").GetDouble());
        Assert.Equal(JsonValueKind.Null, o.GetProperty("missing").ValueKind);
        Assert.Equal("ALERTING", o.GetProperty("state").GetString());
        Assert.Equal(12.5, o.GetProperty("evidence").GetProperty("evictedPerSecond").GetDouble());
        Assert.Equal(["volatile-lru", "dedicated DB"], o.GetProperty("mitigations").EnumerateArray().Select(e => e.GetString()));
        Assert.False(o.GetProperty("stale").GetBoolean());
        Assert.Equal(3, o.GetProperty("count").GetInt32());
        Assert.Equal("allkeys-lru", o.GetProperty("health").GetProperty("policy").GetString());
        using var alert = JsonDocument.Parse(Json(Sample(), "alert"));
        Assert.Equal("alert", alert.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void WriteRecord_WritesNonFiniteDoublesAsNames()
    {
        var record = Sample();
        record.Add("driftRatio", double.NaN);

        using var doc = JsonDocument.Parse(Json(record, "observation"));
        Assert.Equal("NaN", doc.RootElement.GetProperty("driftRatio").GetString());
    }
}
