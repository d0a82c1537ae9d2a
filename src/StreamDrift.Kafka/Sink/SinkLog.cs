using Microsoft.Extensions.Logging;

namespace StreamDrift.Kafka.Sink;

internal static partial class SinkLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Kafka delivery to {Topic} failed for key {Key}: {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string topic, string key, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Kafka client error ({Code}): {Reason}")]
    public static partial void ClientError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Dead letter from {Source} dropped: the Kafka buffer is full")]
    public static partial void DeadLetterDropped(ILogger logger, string source);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Text}")]
    public static partial void Librdkafka(ILogger logger, string facility, string text);
}
