using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace StreamDrift.ConsumerExample;

/// <summary>
/// Every .avsc of a directory, indexed by CRC-64-AVRO fingerprint, which is all a single-object
/// encoded record (C3 01 + 8-byte little-endian fingerprint + body) needs to be decoded.
/// </summary>
internal sealed class SchemaDirectory
{
    private readonly Dictionary<long, Schema> _byFingerprint = [];

    public SchemaDirectory(string directory)
    {
        foreach (var file in Directory.GetFiles(directory, "*.avsc"))
        {
            var schema = Schema.Parse(File.ReadAllText(file));
            _byFingerprint[SchemaNormalization.ParsingFingerprint64(schema)] = schema;
        }
    }

    public int Count => _byFingerprint.Count;

    /// <summary>The decoded record and its schema, or null when the bytes are not a known single object.</summary>
    public (Schema Schema, object Value)? TryDecode(byte[]? payload)
    {
        if (payload is null || payload.Length < 10 || payload[0] != 0xC3 || payload[1] != 0x01)
        {
            return null;
        }
        var fingerprint = BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(2, 8));
        if (!_byFingerprint.TryGetValue(fingerprint, out var schema))
        {
            return null;
        }
        using var body = new MemoryStream(payload, 10, payload.Length - 10, writable: false);
        return (schema, new GenericDatumReader<object>(schema, schema).Read(null!, new BinaryDecoder(body)));
    }
}
