using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamDrift.ConsumerExample;

// Reads StreamDrift's topics and prints one JSON line per record, decoding with nothing but the .avsc
// files: the fingerprint in each record's first bytes picks the schema.
ConsumerArguments arguments;
try
{
    arguments = ConsumerArguments.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + ConsumerArguments.Usage);
    return 2;
}

var schemas = new SchemaDirectory(arguments.SchemasDir);
NativeLibraryLoader.Load();
using var consumer = new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig
{
    BootstrapServers = arguments.Bootstrap,
    GroupId = arguments.Group,
    AutoOffsetReset = AutoOffsetReset.Earliest,
}).SetLogHandler((_, _) => { }).Build();
consumer.Subscribe(arguments.Topics);

using var stdout = Console.OpenStandardOutput();
var printed = 0;
var deadline = DateTime.UtcNow + arguments.Timeout;
while (DateTime.UtcNow < deadline && (arguments.Max is null || printed < arguments.Max))
{
    var result = consumer.Consume(TimeSpan.FromMilliseconds(250));
    if (result?.Message is null)
    {
        continue;
    }
    using (var json = new Utf8JsonWriter(stdout))
    {
        json.WriteStartObject();
        json.WriteString("topic", result.Topic);
        json.WriteNumber("partition", result.Partition.Value);
        json.WriteNumber("offset", result.Offset.Value);
        json.WriteString("key", result.Message.Key);
        json.WriteStartObject("headers");
        foreach (var header in result.Message.Headers ?? [])
        {
            json.WriteString(header.Key, Encoding.UTF8.GetString(header.GetValueBytes()));
        }
        json.WriteEndObject();
        if (schemas.TryDecode(result.Message.Value) is { } decoded)
        {
            json.WriteString("schema", decoded.Schema.Fullname);
            json.WritePropertyName("value");
            AvroJson.Write(json, decoded.Value);
        }
        else
        {
            // Not a known Avro single object (a dead letter, say): show the raw bytes as text.
            json.WriteString("raw", result.Message.Value is null ? null : Encoding.UTF8.GetString(result.Message.Value));
        }
        json.WriteEndObject();
    }
    stdout.WriteByte((byte)'\n');
    printed++;
}
consumer.Close();
return 0;
