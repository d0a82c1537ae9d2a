using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Recording;

/// <summary>
/// The line format of a recording: <c>{"type":"snapshot", ...StoreSnapshot}</c> or
/// <c>{"type":"users", ...ActiveUsersSample}</c>, camelCase, ISO-8601 times. Computed properties
/// (<c>writes</c>, <c>memoryUsedRatio</c>, ...) are left out: they follow from the stored ones.
/// </summary>
internal static class RecordingJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropComputed } },
    };

    public static byte[] Serialize(RecordingEntry entry)
    {
        var element = entry.Snapshot is { } snapshot
            ? JsonSerializer.SerializeToElement(snapshot, Options)
            : JsonSerializer.SerializeToElement(entry.Users!, Options);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", entry.Type);
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line; <see cref="InvalidDataException"/> names the line on any defect.</summary>
    public static RecordingEntry Parse(string line, long lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            return type switch
            {
                RecordingEntry.SnapshotType => RecordingEntry.Of(root.Deserialize<StoreSnapshot>(Options)!),
                RecordingEntry.UsersType => RecordingEntry.Of(root.Deserialize<ActiveUsersSample>(Options)!),
                _ => throw new InvalidDataException($"recording line {lineNumber}: type must be \"snapshot\" or \"users\", not \"{type}\""),
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"recording line {lineNumber}: {e.Message}", e);
        }
    }

    private static void DropComputed(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null && info.Properties[i].AssociatedParameter is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
