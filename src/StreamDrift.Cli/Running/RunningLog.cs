using Microsoft.Extensions.Logging;

namespace StreamDrift.Cli.Running;

/// <summary>Log messages of the running pipeline (source-generated: no allocation when the level is off).</summary>
internal static partial class RunningLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Writing the window of store {StoreId} ending {WindowEnd} failed: {Reason}")]
    public static partial void OutputFailed(ILogger logger, string storeId, DateTimeOffset windowEnd, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Flushing an output at shutdown failed: {Reason}")]
    public static partial void OutputFlushFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Embedded Kafka started; bootstrap servers {Bootstrap}")]
    public static partial void EmbeddedKafkaStarted(ILogger logger, string bootstrap);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Store {StoreId}: {Transition} alert {AlertId}, cause {Cause} ({Confidence:0.00}): {Reading}")]
    public static partial void Alert(ILogger logger, string storeId, string transition, string alertId, string cause, double confidence, string reading);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Store {StoreId}: the pipeline stopped on an input error, restarting it: {Reason}")]
    public static partial void PipelineFailed(ILogger logger, string storeId, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Store {StoreId}: watching {Prefixes} in DB {Db} on {Redis}; users from {Users}")]
    public static partial void StoreRunning(ILogger logger, string storeId, string prefixes, int db, string redis, string users);
}
