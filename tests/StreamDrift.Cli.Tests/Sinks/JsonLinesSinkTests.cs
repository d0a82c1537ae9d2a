using System.Text.Json;
using Avro;
using Avro.Generic;
using StreamDrift.Cli.Sinks;

namespace StreamDrift.Cli.Tests.Sinks;

public class JsonLinesSinkTests
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

    [Fact]
    public async Task WriteAsync_WritesOneFaithfulJsonLinePerRecord_WithItsType()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var sink = new JsonLinesSink(path))
            {
                await sink.WriteObservationAsync(Sample());
                // Flushed per line: readable before the sink is closed.
                Assert.Single(File.ReadAllLines(path));
                await sink.WriteAlertAsync(Sample());
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var observation = JsonDocument.Parse(lines[0]);
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
            using var alert = JsonDocument.Parse(lines[1]);
            Assert.Equal("alert", alert.RootElement.GetProperty("type").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WriteAsync_AppendsToAnExistingFile_AndWritesNonFiniteDoublesAsNames()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, "{\"type\":\"observation\"}\n");
            var record = Sample();
            record.Add("driftRatio", double.NaN);
            await using (var sink = new JsonLinesSink(path))
            {
                await sink.WriteObservationAsync(record);
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var doc = JsonDocument.Parse(lines[1]);
            Assert.Equal("NaN", doc.RootElement.GetProperty("driftRatio").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CreateMode_ReplacesTheFile_AndStreamMode_LeavesTheStreamOpen()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, "old line\n");
            await using (var sink = new JsonLinesSink(path, FileMode.Create))
            {
                await sink.WriteAlertAsync(Sample());
            }
            Assert.StartsWith("{\"type\":\"alert\"", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);

            using var stream = new MemoryStream();
            await using (var sink = new JsonLinesSink(stream))
            {
                await sink.WriteObservationAsync(Sample());
            }
            Assert.True(stream.CanWrite);
            Assert.Equal(File.ReadAllText(path).Replace("alert", "observation", StringComparison.Ordinal), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
