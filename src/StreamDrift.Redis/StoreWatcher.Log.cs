using Microsoft.Extensions.Logging;

namespace StreamDrift.Redis;

public sealed partial class StoreWatcher
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Added notify-keyspace-events flags '{Flags}' on {Endpoint} (existing flags kept)")]
    private partial void LogFlagsAdded(string endpoint, string flags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keyspace gap: {Reason}; reconcile requested")]
    private partial void LogGap(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile ({Reason}) corrected the count by {Correction}: counter {Counter}, scanned {Scanned}, uncertainty {Bound}")]
    private partial void LogCorrection(string reason, long counter, long scanned, long bound, long correction);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconcile ({Reason}): counter {Counter}, scanned {Scanned}, uncertainty {Bound}, correction {Correction}")]
    private partial void LogReconciled(string reason, long counter, long scanned, long bound, long correction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis call failed during {Operation}")]
    private partial void LogRedisFailed(string operation, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private partial void LogSetupFailed(string message);
}
