using Microsoft.Extensions.Logging;

namespace StreamDrift.Cli.Hosting;

/// <summary>The host's log lines, source-generated (no formatting cost when the level is off).</summary>
internal static partial class HostLog
{
    [LoggerMessage(1, LogLevel.Information, "starting {StoreCount} store(s); kafka {KafkaMode} {KafkaBootstrap}; metrics on {MetricsEndpoint}")]
    public static partial void Starting(ILogger logger, int storeCount, string kafkaMode, string kafkaBootstrap, string metricsEndpoint);

    [LoggerMessage(2, LogLevel.Information, "store {StoreId} started after {Failures} failed attempt(s)")]
    public static partial void StoreStarted(ILogger logger, string storeId, int failures);

    [LoggerMessage(3, LogLevel.Warning, "store {StoreId}: cannot start ({Error}); attempt {Failures} failed, retrying in {DelayMs} ms")]
    public static partial void StoreStartFailed(ILogger logger, string storeId, string error, int failures, long delayMs);

    [LoggerMessage(4, LogLevel.Information, "stopping: closing windows and flushing outputs")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(5, LogLevel.Information, "stopped cleanly")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, "store {StoreId}: Redis {Endpoint} reachable")]
    public static partial void RedisReachable(ILogger logger, string storeId, string endpoint);

    [LoggerMessage(7, LogLevel.Warning, "store {StoreId}: Redis connection lost ({Error})")]
    public static partial void RedisLost(ILogger logger, string storeId, string error);
}
