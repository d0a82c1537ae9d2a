using System.Globalization;
using System.Text;
using Avro;
using Confluent.Kafka;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Sink;

/// <summary>
/// Headers that let a consumer pick the reader schema without parsing the body: the fingerprint
/// (also in the body's single-object header) and the schema version, which the fingerprint cannot
/// carry because the parsing form ignores docs and defaults.
/// </summary>
public static class SchemaHeaders
{
    /// <summary>Full name of the writer schema, e.g. <c>io.streamdrift.DriftAlert</c>.</summary>
    public const string Schema = "streamdrift.schema";

    /// <summary>CRC-64-AVRO fingerprint of the writer schema, 16 lower-case hex digits.</summary>
    public const string Fingerprint = "streamdrift.schema.fingerprint";

    /// <summary>The schema's <c>version</c> property, decimal.</summary>
    public const string Version = "streamdrift.schema.version";

    /// <summary>The headers for a record written with <paramref name="schema"/>.</summary>
    public static Headers For(RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new Headers
        {
            { Schema, Encoding.UTF8.GetBytes(schema.Fullname) },
            { Fingerprint, Encoding.UTF8.GetBytes(SingleObjectEncoding.Fingerprint(schema).ToString("x16", CultureInfo.InvariantCulture)) },
            { Version, Encoding.UTF8.GetBytes(EmbeddedSchemas.Version(schema).ToString(CultureInfo.InvariantCulture)) },
        };
    }
}
