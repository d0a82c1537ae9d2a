using System.Globalization;
using System.Text;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Sink;

namespace StreamDrift.Kafka.Tests;

/// <summary>A consumed record decoded the way an outside consumer would: the .avsc file, picked by header.</summary>
internal sealed record Decoded(string Key, GenericRecord Value, long Fingerprint, int Version)
{
    public static Decoded From(ConsumeResult<string, byte[]> result, RecordSchema avsc)
    {
        var headers = result.Message.Headers;
        var fingerprint = long.Parse(Header(headers, SchemaHeaders.Fingerprint), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(SchemaNormalization.ParsingFingerprint64(avsc), fingerprint);
        Assert.True(SingleObjectEncoding.TryReadFingerprint(result.Message.Value, out var inBody));
        Assert.Equal(fingerprint, inBody);
        return new Decoded(result.Message.Key, SingleObjectEncoding.Decode(result.Message.Value, avsc), fingerprint,
            int.Parse(Header(headers, SchemaHeaders.Version), CultureInfo.InvariantCulture));
    }

    public static string Header(Headers headers, string name) => Encoding.UTF8.GetString(headers.GetLastBytes(name));
}
