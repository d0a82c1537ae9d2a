using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

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
            ScanPagePause = TimeSpan.Zero,
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
        var server = connection.GetServers()[0];
        var tally = await SessionKeyScanner.ScanAsync(server, database, prefix, 1000, TimeSpan.Zero, TimeProvider.System);
        return tally.Keys;
    }
}
