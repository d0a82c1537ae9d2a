using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace StreamDrift.Kafka.Avro;

/// <summary>
/// Avro single-object encoding: <c>C3 01</c>, the writer schema's CRC-64-AVRO fingerprint (8 bytes,
/// little-endian), then the binary body. A reader that knows the fingerprint knows the writer schema.
/// </summary>
public static class SingleObjectEncoding
{
    /// <summary>Length of the marker plus the fingerprint.</summary>
    public const int HeaderLength = 10;

    private const byte Marker0 = 0xC3;
    private const byte Marker1 = 0x01;

    // Normalising a schema and building a writer cost far more than encoding one record: do it once per schema.
    private static readonly ConditionalWeakTable<Schema, StrongBox<long>> Fingerprints = [];
    private static readonly ConditionalWeakTable<RecordSchema, GenericDatumWriter<GenericRecord>> Writers = [];

    /// <summary>The fingerprint of the schema's parsing canonical form.</summary>
    public static long Fingerprint(Schema schema) =>
        Fingerprints.GetValue(schema, s => new StrongBox<long>(SchemaNormalization.ParsingFingerprint64(s))).Value;

    /// <summary>Encodes a record written with <paramref name="schema"/>.</summary>
    public static byte[] Encode(RecordSchema schema, GenericRecord record)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[HeaderLength];
        header[0] = Marker0;
        header[1] = Marker1;
        BinaryPrimitives.WriteInt64LittleEndian(header[2..], Fingerprint(schema));
        stream.Write(header);
        Writers.GetValue(schema, s => new GenericDatumWriter<GenericRecord>(s)).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    /// <summary>True when <paramref name="payload"/> starts with the single-object marker; gives the fingerprint.</summary>
    public static bool TryReadFingerprint(ReadOnlySpan<byte> payload, out long fingerprint)
    {
        fingerprint = 0;
        if (payload.Length < HeaderLength || payload[0] != Marker0 || payload[1] != Marker1)
        {
            return false;
        }
        fingerprint = BinaryPrimitives.ReadInt64LittleEndian(payload[2..HeaderLength]);
        return true;
    }

    /// <summary>Decodes a payload whose fingerprint must be <paramref name="writer"/>'s; reads it as <paramref name="reader"/>.</summary>
    /// <exception cref="InvalidDataException">No marker, or another schema's fingerprint.</exception>
    public static GenericRecord Decode(byte[] payload, RecordSchema writer, RecordSchema? reader = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!TryReadFingerprint(payload, out var fingerprint))
        {
            throw new InvalidDataException("Not Avro single-object encoding (no C3 01 marker).");
        }
        if (fingerprint != Fingerprint(writer))
        {
            throw new InvalidDataException($"Writer schema fingerprint {fingerprint:X16} is not {writer.Fullname}'s.");
        }
        using var stream = new MemoryStream(payload, HeaderLength, payload.Length - HeaderLength, writable: false);
        return new GenericDatumReader<GenericRecord>(writer, reader ?? writer).Read(null!, new BinaryDecoder(stream));
    }
}
