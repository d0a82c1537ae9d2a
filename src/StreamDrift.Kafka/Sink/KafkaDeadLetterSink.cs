using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Sink;

/// <summary>
/// Publishes rejected input on the dead-letter topic: the raw payload as received, keyed by store id
/// (or the source when the store is unknown), with the reason, source, detail and time in headers so a
/// replay tool can filter without parsing. Never blocks: when the sink's buffer is full the dead letter
/// is dropped and counted (<see cref="SinkStatistics.DeadLettersDropped"/>).
/// </summary>
public sealed class KafkaDeadLetterSink : IRejectedInputSink
{
    /// <summary>Header: the rejection reason, upper snake case (e.g. <c>MALFORMED_JSON</c>).</summary>
    public const string ReasonHeader = "streamdrift.rejected.reason";
    /// <summary>Header: where the input came from.</summary>
    public const string SourceHeader = "streamdrift.rejected.source";
    /// <summary>Header: a one-line explanation.</summary>
    public const string DetailHeader = "streamdrift.rejected.detail";
    /// <summary>Header: when it was rejected, ISO-8601.</summary>
    public const string AtHeader = "streamdrift.rejected.at";

    private readonly KafkaDriftSink _sink;

    /// <summary>Publishes through <paramref name="sink"/>'s producer to its dead-letter topic.</summary>
    public KafkaDeadLetterSink(KafkaDriftSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <inheritdoc />
    public void Reject(RejectedInput rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var headers = new Headers
        {
            { ReasonHeader, Encoding.UTF8.GetBytes(AvroNames.Symbol(rejected.Reason)) },
            { SourceHeader, Encoding.UTF8.GetBytes(rejected.Source) },
            { DetailHeader, Encoding.UTF8.GetBytes(rejected.Detail) },
            { AtHeader, Encoding.UTF8.GetBytes(rejected.RejectedAt.ToString("O", CultureInfo.InvariantCulture)) },
        };
        try
        {
            _sink.TryPublish(_sink.Options.DeadLetterTopic, rejected.StoreId ?? rejected.Source, rejected.Payload.ToArray(), headers, rejected.Source);
        }
        catch (KafkaException)
        {
            // The contract says Reject never throws: a producer in a fatal state already logs its error.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: input rejected after the sink closed has nowhere to go.
        }
    }
}
