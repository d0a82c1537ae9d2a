using Microsoft.Extensions.Logging;

namespace StreamDrift.Kafka.Group;

internal static partial class GroupLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Group {Group}: assigned partitions {Partitions} of {Count} (generation {Generation})")]
    public static partial void Assigned(ILogger logger, string group, string partitions, int count, int generation);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Group {Group}: revoked partitions {Partitions}")]
    public static partial void Revoked(ILogger logger, string group, string partitions);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Group {Group}: lost partitions {Partitions} (this member was expelled); their stores stop without publishing")]
    public static partial void Lost(ILogger logger, string group, string partitions);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Group {Group}: Kafka error ({Code}): {Reason}")]
    public static partial void Error(ILogger logger, string group, string code, string reason);
}
