using Microsoft.Extensions.Logging;

namespace StreamDrift.Redis;

/// <summary>
/// The watcher's log lines, shared by its collaborators so they all log under the <see cref="StoreWatcher"/>
/// category the host configures.
/// </summary>
internal static partial class WatcherLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Added notify-keyspace-events flags '{Flags}' on {Endpoint} (existing flags kept)")]
    public static partial void FlagsAdded(ILogger logger, string endpoint, string flags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keyspace gap: {Reason}; reconcile requested")]
    public static partial void Gap(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile ({Reason}) corrected the count by {Correction}: counter {Counter}, scanned {Scanned}, uncertainty {Bound}")]
    public static partial void Correction(ILogger logger, string reason, long counter, long scanned, long bound, long correction);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconcile ({Reason}): counter {Counter}, scanned {Scanned}, uncertainty {Bound}, correction {Correction}")]
    public static partial void Reconciled(ILogger logger, string reason, long counter, long scanned, long bound, long correction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis call failed during {Operation}")]
    public static partial void RedisFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile on {Endpoint} scans with plain SCAN (key names cross the wire): {Reason}")]
    public static partial void PlainScan(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    public static partial void SetupFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topology: {Change}; flags merged, subscriptions renewed, reconcile requested")]
    public static partial void TopologyChanged(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keyspace subscription still missing on {Endpoint}: repair step {Step} ({Repair}), same outage, no new gap")]
    public static partial void Escalating(ILogger logger, string endpoint, int step, SubscriptionRepair repair);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Refusal}; so {Nodes} counted by paced SCAN only (every {Interval}), the other primaries live from their events")]
    public static partial void ScanOnlyPrimaries(ILogger logger, string refusal, string nodes, TimeSpan interval);
}
