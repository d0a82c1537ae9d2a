using Microsoft.Extensions.Logging;

namespace StreamDrift.Cli.Running;

internal static partial class OwnershipLog
{
    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Instance {Instance} owns store {StoreId} now (partition {Partition})")]
    public static partial void Taken(ILogger logger, string instance, string storeId, int partition);

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Instance {Instance} handed store {StoreId} over (windows closed and flushed: {Published})")]
    public static partial void Released(ILogger logger, string instance, string storeId, bool published);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "Store {StoreId}: start failed ({Reason}), attempt {Attempt}, next in {DelayMs} ms")]
    public static partial void StartFailed(ILogger logger, string storeId, string reason, int attempt, long delayMs);

    [LoggerMessage(EventId = 214, Level = LogLevel.Error, Message = "Store {StoreId}: the handover did not finish within {TimeoutMs} ms: {Reason}")]
    public static partial void HandoverFailed(ILogger logger, string storeId, long timeoutMs, string reason);
}
