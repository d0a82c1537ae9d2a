using System.Collections;
using System.Globalization;
using System.Text.Json;
using Avro.Generic;

namespace StreamDrift.ConsumerExample;

/// <summary>Writes Apache.Avro's generic values as plain JSON (timestamps as ISO-8601 UTC).</summary>
internal static class AvroJson
{
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case GenericRecord record:
                json.WriteStartObject();
                foreach (var field in record.Schema.Fields)
                {
                    json.WritePropertyName(field.Name);
                    Write(json, record[field.Name]);
                }
                json.WriteEndObject();
                break;
            case GenericEnum symbol: json.WriteStringValue(symbol.Value); break;
            case string text: json.WriteStringValue(text); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case int n: json.WriteNumberValue(n); break;
            case long n: json.WriteNumberValue(n); break;
            case float n: json.WriteNumberValue(n); break;
            case double n when double.IsFinite(n): json.WriteNumberValue(n); break;
            case double n: json.WriteStringValue(n.ToString(CultureInfo.InvariantCulture)); break;
            case DateTime at: json.WriteStringValue(DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName((string)entry.Key);
                    Write(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    Write(json, item);
                }
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }
}
