using System.Globalization;
using StackExchange.Redis;
using StreamDrift.Core.Samples;

namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>
/// The storefront, written apart from the project's simulator: it opens with no traffic, shoppers arrive at
/// a steady rate, stay 40-90 s (uniform), send a request every 1-3 s (each refreshes their session with
/// SET EX, re-creating it when Redis lost it), 10 % keep a second tab with its own session; the connector counts
/// a shopper as active for 10 s after the last request, reports every second and each report reaches the users
/// file 0.5 s after the instant it describes. Traffic keeps rising until the first shoppers' stays run out
/// (40-90 s) and their connector window with it: a fault injected before about 90 s is injected while rising.
/// </summary>
internal sealed class RampStorefront(IDatabase db, IServer server, RampFault fault, TimeSpan faultAt, Action<ActiveUsersSample> report)
{
    public const string StoreId = "ramp";
    public const double ArrivalsPerSecond = 25;
    public const int ActiveWindowSeconds = 10;
    public static readonly TimeSpan SessionTtl = TimeSpan.FromSeconds(20);

    private const double BotWaveShare = 0.8;
    private const int StormCacheWritesPerTick = 30;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReportLate = TimeSpan.FromMilliseconds(500);

    private readonly Random _random = new(7);
    private readonly List<RampShopper> _shoppers = [];
    private readonly Queue<ActiveUsersSample> _inFlight = new();
    private readonly byte[] _cacheValue = new byte[8192];
    private long _nextId;
    private long _cachePage;
    private double _arrivalCarry;
    private double _bots;
    private bool _faultStarted;

    /// <summary>Real shoppers the connector counted in its last report (bots aside).</summary>
    public long LastRealUsers { get; private set; }

    /// <summary>Runs until <paramref name="duration"/> has passed or <paramref name="done"/> says so.</summary>
    public async Task RunAsync(TimeSpan duration, Func<bool> done, CancellationToken cancellationToken = default)
    {
        var clock = TimeProvider.System;
        var start = clock.GetTimestamp();
        var nextReport = TimeSpan.Zero;
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = clock.GetElapsedTime(start);
            if (now >= duration || done())
            {
                return;
            }

            if (fault != RampFault.None && now >= faultAt && !_faultStarted)
            {
                _faultStarted = true;
                await StartFaultAsync().ConfigureAwait(false);
            }

            var t = now.TotalSeconds;
            Arrive(t, Tick.TotalSeconds);
            var batch = db.CreateBatch();
            var writes = new List<Task>();
            Requests(batch, writes, t);
            if (_faultStarted && fault == RampFault.EvictionStorm)
            {
                for (var i = 0; i < StormCacheWritesPerTick; i++)
                {
                    writes.Add(batch.StringSetAsync("cache:page:" + (_cachePage++).ToString(CultureInfo.InvariantCulture), _cacheValue));
                }
            }

            batch.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
            if (now >= nextReport)
            {
                Count(clock.GetUtcNow(), t);
                nextReport += ReportEvery;
            }

            // Each report reaches the users file half a second after the instant it describes.
            while (_inFlight.TryPeek(out var sample) && clock.GetUtcNow() - sample.ObservedAt >= ReportLate)
            {
                report(_inFlight.Dequeue());
            }
        }
    }

    private void Arrive(double t, double dt)
    {
        _arrivalCarry += ArrivalsPerSecond * dt;
        for (; _arrivalCarry >= 1; _arrivalCarry--)
        {
            _shoppers.Add(new RampShopper(_nextId++, t + 40 + (50 * _random.NextDouble()), _random.NextDouble() < 0.1, t));
        }
    }

    private void Requests(IBatch batch, List<Task> writes, double t)
    {
        // Orphaned sessions: a deploy writes the session without its expiry (SET without EX drops the TTL).
        TimeSpan? ttl = _faultStarted && fault == RampFault.OrphanedSessions ? null : SessionTtl;
        for (var i = _shoppers.Count - 1; i >= 0; i--)
        {
            var shopper = _shoppers[i];
            if (t >= shopper.LeavesAt)
            {
                // Gone from the site; the connector forgets them once its active window has passed.
                if (t - shopper.LastRequestAt > ActiveWindowSeconds)
                {
                    _shoppers.RemoveAt(i);
                }

                continue;
            }

            if (t < shopper.NextRequestAt)
            {
                continue;
            }

            var key = "sess:" + shopper.Id.ToString(CultureInfo.InvariantCulture);
            writes.Add(Write(batch, key, ttl));
            if (shopper.SecondTab)
            {
                writes.Add(Write(batch, key + ":tab2", ttl));
            }

            shopper.LastRequestAt = t;
            shopper.NextRequestAt = t + 1 + (2 * _random.NextDouble());
        }
    }

    private static Task Write(IBatch batch, string key, TimeSpan? ttl) =>
        ttl is { } t ? batch.StringSetAsync(key, "cart=0;user=shopper", t) : batch.StringSetAsync(key, "cart=0;user=shopper");

    private void Count(DateTimeOffset at, double t)
    {
        var real = 0L;
        foreach (var shopper in _shoppers)
        {
            if (t - shopper.LastRequestAt <= ActiveWindowSeconds)
            {
                real++;
            }
        }

        LastRealUsers = real;
        if (_faultStarted && fault == RampFault.BotWave)
        {
            // The wave reaches +80 % of the users within about 3 s and keeps that share while the shop grows.
            _bots = Math.Min(BotWaveShare * real, _bots + (BotWaveShare * real / 3));
        }

        _inFlight.Enqueue(new ActiveUsersSample(StoreId, "ramp-shop", real + (long)Math.Round(_bots), ActiveWindowSeconds, at));
    }

    private async Task StartFaultAsync()
    {
        if (fault != RampFault.EvictionStorm)
        {
            return;
        }

        // A shared instance at its memory cap, evicting any key (allkeys-lru) while a page cache floods it.
        var info = await server.InfoAsync("memory").ConfigureAwait(false);
        var used = long.Parse(info.SelectMany(g => g).First(kv => kv.Key == "used_memory").Value, CultureInfo.InvariantCulture);
        await server.ConfigSetAsync("maxmemory-policy", "allkeys-lru").ConfigureAwait(false);
        await server.ConfigSetAsync("maxmemory", (used + (2 * 1024 * 1024)).ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }
}
