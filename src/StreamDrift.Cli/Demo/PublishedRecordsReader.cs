using Confluent.Kafka;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Native;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// Reads the demo's output topics back from the embedded broker like any downstream consumer would (its
/// own consumer group), decodes each record with the embedded schema and hands it to the view.
/// </summary>
internal sealed class PublishedRecordsReader(string bootstrap, string observationsTopic, string alertsTopic, DemoView view)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        KafkaNativeLibrary.EnsureLoaded();
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "streamdrift-demo-view",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        consumer.Subscribe([observationsTopic, alertsTopic]);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(250)), CancellationToken.None).ConfigureAwait(false);
                if (result?.Message?.Value is not { } payload)
                {
                    continue;
                }
                var isAlert = result.Topic == alertsTopic;
                var schema = isAlert ? EmbeddedSchemas.DriftAlert : EmbeddedSchemas.DriftObservation;
                view.OnPublished(result.Topic, isAlert ? "alert" : "observation", SingleObjectEncoding.Decode(payload, schema));
            }
        }
        finally
        {
            consumer.Close();
        }
    }
}
