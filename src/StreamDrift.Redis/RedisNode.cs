using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// One primary endpoint of a store and what the watcher does on it: merge the notification flags, sample INFO,
/// scan the prefixes. The store-wide collaborators (<see cref="InfoSampler"/>, <see cref="ReconcileLoop"/>) fan
/// out over <see cref="StoreNodes.Primaries"/> and sum, so a cluster reads as one store. The keyspace
/// subscription is still store-wide (<see cref="KeyspaceSubscriptions"/>: the library subscribes every primary);
/// following a topology node by node means giving each node its own subscription here.
/// </summary>
internal sealed class RedisNode(IServer server, StoreWatcherOptions options, TimeProvider time, ILogger logger)
{
    public string Name => server.EndPoint.ToString() ?? "?";

    /// <summary>Merges the flags the counting needs into the node's notify-keyspace-events (see <see cref="NotificationConfigurator"/>).</summary>
    public async Task EnsureNotificationsAsync(CancellationToken cancellationToken)
    {
        var added = await NotificationConfigurator.EnsureAsync(server, options.ConfigureNotifications, cancellationToken).ConfigureAwait(false);
        if (added.Length != 0)
        {
            WatcherLog.FlagsAdded(logger, Name, added);
        }
    }

    /// <summary>The node's INFO figures for the watched DB, stamped <paramref name="sampledAt"/> (rates are the sampler's).</summary>
    public async Task<RedisHealth> SampleInfoAsync(DateTimeOffset sampledAt)
    {
        var info = await server.InfoRawAsync().ConfigureAwait(false) ?? "";
        return InfoParser.Parse(info, options.Database, sampledAt);
    }

    /// <summary>SCANs every prefix on this node; each session key is offered to <paramref name="onKey"/> (TTL sampling).</summary>
    public async Task<ScanTally> ScanAsync(SessionKeyRules rules, int pageSize, Action<RedisKey> onKey, CancellationToken cancellationToken)
    {
        var tally = default(ScanTally);
        foreach (var prefix in rules.Prefixes)
        {
            tally += await SessionKeyScanner.ScanAsync(
                server, options.Database, prefix, pageSize, options.ScanPagePause, time, onKey, rules, cancellationToken).ConfigureAwait(false);
        }
        return tally;
    }
}
