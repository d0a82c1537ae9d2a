using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Layouts;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis;

/// <summary>
/// SCAN-only mode per primary. Where some cluster primaries refuse CONFIG (an ACL, a managed service) and the
/// others do not, the refusing ones are counted by their own paced scans every
/// <see cref="StoreWatcherOptions.ScanOnlyInterval"/>, the others live from their events as usual: the store's
/// count is the live counter plus the scan-only primaries' last scans. Their events are left out of the live
/// count (<see cref="Slots"/>), and the reconcile leaves them out of its comparison. Outside a cluster, or when
/// every primary refuses, there is no live part to keep: the refusal stops the start as before.
/// </summary>
internal sealed class ScanOnlyPrimaries(StoreNodes nodes, SessionKeyRules rules, ReconcilePageTimes pageTimes, StoreWatcherOptions options, TimeProvider time, ILogger logger)
{
    private volatile string[] _names = [];
    private long _keys;

    /// <summary>The slots whose events are left out of the live count.</summary>
    public ScanOnlySlots Slots { get; } = new();

    /// <summary>The scan-only primaries' session keys, as their last scans found them (0 when there are none).</summary>
    public long Keys => Interlocked.Read(ref _keys);

    /// <summary>The scan-only primaries, by endpoint.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// Takes the primaries that refused the notification flags into SCAN-only mode and counts them once, or
    /// rethrows <paramref name="refusal"/> when nothing would be left live (every primary refused, or no cluster).
    /// </summary>
    public async Task StartAsync(IReadOnlyList<RedisNode> primaries, IReadOnlyList<RedisNode> refused, RedisSetupException refusal, CancellationToken cancellationToken)
    {
        var cluster = Array.Find(primaries.Select(p => p.Server).ToArray(), s => s.ServerType == ServerType.Cluster);
        if (refused.Count == 0 || refused.Count >= primaries.Count || cluster is null)
        {
            throw refusal;
        }
        foreach (var node in refused)
        {
            node.ScanOnly = true;
        }
        _names = [.. refused.Select(n => n.Name).Order(StringComparer.Ordinal)];
        WatcherLog.ScanOnlyPrimaries(logger, refusal.Message, string.Join(", ", _names), options.ScanOnlyInterval);
        await Slots.RefreshAsync(cluster, _names).ConfigureAwait(false);
        await ScanAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts the scan-only primaries every interval until cancelled; returns at once when there are none.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_names.Length == 0)
        {
            return;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.ScanOnlyInterval, time, cancellationToken).ConfigureAwait(false);
            try
            {
                var any = nodes.Primaries()[0].Server;
                await Slots.RefreshAsync(any, _names).ConfigureAwait(false);
                await ScanAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unreachable, a timeout: the last figure stands until the next pass.
                WatcherLog.RedisFailed(logger, "scan-only count", e);
            }
        }
    }

    // Every scan-only primary at once, paced like a reconcile; their page times join the reconcile's histograms.
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var sinks = new PacedScanSinks(pageTimes.Server, pageTimes.RoundTrip);
        var scans = nodes.Primaries().Where(n => n.ScanOnly).Select(n => n.ScanAsync(rules, sinks, cancellationToken));
        long keys = 0;
        foreach (var (tally, _) in await Task.WhenAll(scans).ConfigureAwait(false))
        {
            keys += tally.Keys;
        }
        Interlocked.Exchange(ref _keys, keys);
    }
}
