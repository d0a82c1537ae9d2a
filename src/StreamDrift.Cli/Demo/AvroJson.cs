using System.Collections;
using System.Globalization;
using System.Text.Json;
using Avro;
using Avro.Generic;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// Writes Avro generic data as plain JSON, driven by the schema: records become objects (field names
/// camelCase), enums their symbol, maps objects, arrays arrays, a union its branch's value (or null),
/// bytes and fixed base64, timestamps the epoch number Avro carries. Unlike Avro's own JSON encoding,
/// unions are not wrapped in <c>{"type": value}</c>: the output is for people and <c>jq</c>.
/// </summary>
internal static class AvroJson
{
    public static void WriteRecord(Utf8JsonWriter writer, GenericRecord record, string? type = null)
    {
        writer.WriteStartObject();
        if (type is not null)
        {
            writer.WriteString("type", type);
        }
        WriteFields(writer, record);
        writer.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter writer, GenericRecord record)
    {
        foreach (var field in record.Schema.Fields)
        {
            writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(field.Name));
            WriteValue(writer, field.Schema, record.GetValue(field.Pos));
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, Schema schema, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        switch (schema)
        {
            case UnionSchema union:
                WriteValue(writer, AvroUnion.Branch(union, value), value);
                break;
            case RecordSchema when value is GenericRecord record:
                writer.WriteStartObject();
                WriteFields(writer, record);
                writer.WriteEndObject();
                break;
            case EnumSchema:
                writer.WriteStringValue(value is GenericEnum e ? e.Value : value.ToString());
                break;
            case ArraySchema array:
                writer.WriteStartArray();
                foreach (var item in (IEnumerable)value)
                {
                    WriteValue(writer, array.ItemSchema, item);
                }
                writer.WriteEndArray();
                break;
            case MapSchema map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    WriteValue(writer, map.ValueSchema, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case FixedSchema:
                writer.WriteBase64StringValue(value is GenericFixed f ? f.Value : (byte[])value);
                break;
            case LogicalSchema logical:
                WriteLogical(writer, logical, value);
                break;
            default:
                WritePrimitive(writer, value);
                break;
        }
    }

    private static void WriteLogical(Utf8JsonWriter writer, LogicalSchema schema, object value)
    {
        switch (value)
        {
            case DateTime time:
                var sinceEpoch = time.ToUniversalTime() - DateTime.UnixEpoch;
                writer.WriteNumberValue(schema.LogicalTypeName switch
                {
                    "timestamp-micros" or "local-timestamp-micros" => sinceEpoch.Ticks / 10,
                    "date" => (long)sinceEpoch.TotalDays,
                    _ => sinceEpoch.Ticks / TimeSpan.TicksPerMillisecond,
                });
                break;
            case TimeSpan span:
                writer.WriteNumberValue(schema.LogicalTypeName == "time-micros" ? span.Ticks / 10 : span.Ticks / TimeSpan.TicksPerMillisecond);
                break;
            case Guid guid:
                writer.WriteStringValue(guid.ToString("D"));
                break;
            case AvroDecimal number:
                writer.WriteRawValue(number.ToString(null, CultureInfo.InvariantCulture), skipInputValidation: false);
                break;
            default:
                WriteValue(writer, schema.BaseSchema, value);
                break;
        }
    }

    private static void WritePrimitive(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case float f: WriteFloating(writer, f); break;
            case double d: WriteFloating(writer, d); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    // JSON has no NaN or infinity; the names as strings keep the value visible instead of failing the line.
    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
