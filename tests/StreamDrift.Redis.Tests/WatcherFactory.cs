using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis.Tests;

internal static class WatcherFactory
{
    public static StoreWatcherOptions Options(string prefix, Action<StoreWatcherOptions>? configure = null)
    {
        var options = new StoreWatcherOptions
        {
            StoreId = "test-store",
            InfoInterval = TimeSpan.FromMilliseconds(200),
            SnapshotInterval = TimeSpan.FromMilliseconds(100),
            ReconcileInterval = TimeSpan.FromHours(1),
            // No pauses between reconcile pages: tests want their scans done (pacing has its own tests).
            ReconcilePacing = new ScanPacing { DutyCycle = 1 },
        };
        options.Prefixes.Add(prefix);
        configure?.Invoke(options);
        return options;
    }

    public static Task<StoreWatcher> StartAsync(IConnectionMultiplexer connection, StoreWatcherOptions options, TimeProvider? time = null) =>
        StoreWatcher.StartAsync(connection, options, time ?? TimeProvider.System, NullLogger<StoreWatcher>.Instance);

    /// <summary>The truth on a quiet server: a full SCAN of the prefix.</summary>
    public static async Task<long> TrueCountAsync(IConnectionMultiplexer connection, string prefix, int database = 0)
    {
        var scanner = new ServerPageScanner(connection.GetServers()[0], database, TimeProvider.System, useScript: false);
        return (await ServerKeyCounter.CountAsync(scanner, [prefix], 1000)).Keys;
    }
}
