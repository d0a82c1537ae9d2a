using StackExchange.Redis;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;
using StreamDrift.Redis.Sentinel;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// A watcher behind a test's sentinels, as the host makes one (<see cref="SentinelMaster"/>, a data connection,
/// scheduled reconciles off), and an application's writer (the library's serviceName connection).
/// </summary>
internal sealed class SentinelRun : IAsyncDisposable
{
    private readonly SentinelMaster _master;
    private readonly ConnectionMultiplexer _data;
    private readonly string _prefix;
    private readonly List<ReconcileResult> _reconciles = [];
    private readonly IDisposable _recording;

    private SentinelRun(SentinelMaster master, ConnectionMultiplexer data, ConnectionMultiplexer writer, StoreWatcher watcher, CapturingLogger<StoreWatcher> log, string prefix)
    {
        (_master, _data, Writer, Watcher, Log, _prefix) = (master, data, writer, watcher, log, prefix);
        _recording = watcher.Reconciled.Subscribe(r =>
        {
            lock (_reconciles)
            {
                _reconciles.Add(r);
            }
        });
    }

    public ConnectionMultiplexer Writer { get; }

    public StoreWatcher Watcher { get; }

    public CapturingLogger<StoreWatcher> Log { get; }

    public static async Task<SentinelRun> StartAsync(RedisSentinels deployment, string prefix)
    {
        var master = await SentinelMaster.ConnectAsync(deployment.MasterOptions());
        var data = await master.ConnectDataAsync();
        var writer = await deployment.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        var watcher = await StoreWatcher.StartAsync(data, master, WatcherFactory.Options(prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "the seed reconcile");
        return new SentinelRun(master, data, writer, watcher, log, prefix);
    }

    public Task UntilSwitchedAsync() =>
        Eventually.Until(() => Watcher.GetMetrics().TopologyChanges > 0, Eventually.DefaultDeadline, () => string.Join("\n", Log.Lines));

    /// <summary>
    /// For the failover figure: from <paramref name="failover"/> to the end of the first reconcile that started
    /// after the watcher saw the switch (the count then equals a scan of the new primary), waiting for it.
    /// </summary>
    public async Task<TimeSpan> RepairedAfterAsync(DateTimeOffset failover)
    {
        var switched = Watcher.LastTopologyChange ?? throw new InvalidOperationException("no switch seen");
        ReconcileResult? first = null;
        await Eventually.Until(() =>
        {
            lock (_reconciles)
            {
                first = _reconciles.FirstOrDefault(r => r.FinishedAt - r.Elapsed >= switched);
            }
            return first is not null;
        }, Eventually.DefaultDeadline, () => $"no reconcile started after the switch at {switched:O}; log:\n{string.Join("\n", Log.Lines.TakeLast(30))}");
        return first!.FinishedAt - failover;
    }

    /// <summary>Waits until the live count equals a quiet SCAN of <paramref name="primary"/>.</summary>
    public async Task UntilExactAsync(string primary)
    {
        long truth = -1;
        await Eventually.Until(async () =>
        {
            await using var direct = await ConnectionMultiplexer.ConnectAsync($"{primary},allowAdmin=true");
            var scanner = new ServerPageScanner(direct.GetServer(primary), 0, TimeProvider.System, useScript: false);
            truth = (await ServerKeyCounter.CountAsync(scanner, [_prefix], 1000)).Keys;
            return Watcher.Counter.Value == truth;
        }, Eventually.DefaultDeadline, () => $"live {Watcher.Counter.Value} vs {primary}'s true {truth}; log:\n{string.Join("\n", Log.Lines.TakeLast(30))}");
    }

    public async ValueTask DisposeAsync()
    {
        _recording.Dispose();
        await Watcher.DisposeAsync();
        await Writer.DisposeAsync();
        await _data.DisposeAsync();
        await _master.DisposeAsync();
    }
}
