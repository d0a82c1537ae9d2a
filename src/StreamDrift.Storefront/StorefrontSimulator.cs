using System.Globalization;
using StackExchange.Redis;
using StreamDrift.Core.Samples;

namespace StreamDrift.Storefront;

/// <summary>
/// A storefront running against a real Redis: shoppers write sessions under the prefix with the session
/// TTL, a page cache shares the instance, a connector reports active users, and scripted faults make it
/// misbehave the ways the card describes. Samples go to <paramref name="report"/>, with the event time
/// of the report.
/// </summary>
public sealed class StorefrontSimulator(
    IConnectionMultiplexer redis,
    StorefrontOptions options,
    Action<ActiveUsersSample> report,
    TimeProvider time,
    int database = 0)
{
    private const string SessionValue = "cart=0;user=shopper";

    // First field on purpose: initializers run in order, so the options are validated before anything uses them.
    private readonly ShopperPopulation _shoppers = new(Validated(options));
    private readonly MemoryPressure _pressure = new(redis.GetServers()[0]);
    private readonly byte[] _cacheValue = new byte[options.PageCacheValueBytes];
    private long _cachePage;
    private double _cacheCarry;
    private double _botWave;

    /// <summary>The faults active at this point of the run (for display and for tests).</summary>
    public IReadOnlyList<Fault> ActiveFaults { get; private set; } = [];

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase(database);
        await UpdateFaultsAsync(TimeSpan.Zero).ConfigureAwait(false);
        await WriteLingeringSessionsAsync(db).ConfigureAwait(false);
        await FillPageCacheAsync(db).ConfigureAwait(false);
        var start = time.GetTimestamp();
        var nextReport = TimeSpan.Zero;
        using var timer = new PeriodicTimer(options.Tick, time);
        try
        {
            var previous = TimeSpan.Zero;
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = time.GetElapsedTime(start);
                if (now >= duration)
                {
                    break;
                }
                await UpdateFaultsAsync(now).ConfigureAwait(false);
                await WriteSessionsAsync(db, _shoppers.Step(now, now - previous)).ConfigureAwait(false);
                await WriteCacheAsync(db, now - previous).ConfigureAwait(false);
                if (now >= nextReport)
                {
                    Report(now);
                    nextReport = now + options.ReportEvery;
                }
                previous = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A cancelled run is a normal end.
        }
        finally
        {
            await _pressure.ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A shop that has been open for a while holds the sessions of shoppers who left within the last TTL,
    /// each with what remains of its TTL. Writing them up front starts the run in steady state instead of
    /// a ramp that would look like drift.
    /// </summary>
    private Task WriteLingeringSessionsAsync(IDatabase db)
    {
        if (options.SessionTtl <= TimeSpan.FromSeconds(1) || Has(Fault.WritesFailing))
        {
            return Task.CompletedTask;
        }
        // The shop's past writes followed the same deploy as its present ones.
        var prefix = Has(Fault.PrefixChanged) ? options.ChangedPrefix : options.Prefix;
        var lingering = (int)(options.SteadyShoppers / options.MeanVisit.TotalSeconds * options.SessionTtl.TotalSeconds);
        var random = new Random(options.Seed + 1);
        var batch = db.CreateBatch();
        var pending = new List<Task>(lingering);
        for (var i = 0; i < lingering; i++)
        {
            var remaining = TimeSpan.FromSeconds(1 + (random.NextDouble() * (options.SessionTtl.TotalSeconds - 1)));
            RedisKey key = string.Create(CultureInfo.InvariantCulture, $"{prefix}left-{options.Seed}-{i}");
            pending.Add(batch.StringSetAsync(key, SessionValue, remaining));
        }
        batch.Execute();
        return Task.WhenAll(pending);
    }

    /// <summary>
    /// A shop that has been open for a while has a full page cache. Without it the cache would grow for its
    /// first minute, and a growing count of non-session keys is exactly what a changed prefix looks like.
    /// </summary>
    private Task FillPageCacheAsync(IDatabase db)
    {
        if (!options.PageCache)
        {
            return Task.CompletedTask;
        }
        var batch = db.CreateBatch();
        var pending = new List<Task>(options.PageCachePages);
        for (var page = 0; page < options.PageCachePages; page++)
        {
            pending.Add(batch.StringSetAsync(options.PageCachePrefix + page.ToString(CultureInfo.InvariantCulture), _cacheValue));
        }
        batch.Execute();
        return Task.WhenAll(pending);
    }

    private bool Has(Fault fault) => ActiveFaults.Contains(fault);

    private async Task UpdateFaultsAsync(TimeSpan now)
    {
        ActiveFaults = [.. options.Faults.Where(f => f.IsActiveAt(now)).Select(f => f.Fault)];
        if (Has(Fault.EvictionStorm) && !_pressure.Applied)
        {
            await _pressure.ApplyAsync(headroomBytes: 4 * 1024 * 1024).ConfigureAwait(false);
        }
        else if (!Has(Fault.EvictionStorm) && _pressure.Applied)
        {
            await _pressure.ReleaseAsync().ConfigureAwait(false);
        }
    }

    private Task WriteSessionsAsync(IDatabase db, IReadOnlyList<SessionWrite> writes)
    {
        if (writes.Count == 0 || Has(Fault.WritesFailing))
        {
            return Task.CompletedTask;
        }
        var prefix = Has(Fault.PrefixChanged) ? options.ChangedPrefix : options.Prefix;
        TimeSpan? ttl = Has(Fault.OrphanedSessions) ? null : Has(Fault.ShortTtl) ? options.ShortTtl : options.SessionTtl;
        var batch = db.CreateBatch();
        var pending = new List<Task>(writes.Count * 2);
        foreach (var write in writes)
        {
            RedisKey key = string.Create(CultureInfo.InvariantCulture, $"{prefix}{write.ShopperId}-{write.Tab}");
            if (options.HashSessions)
            {
                pending.Add(batch.HashSetAsync(key, "lastSeen", time.GetUtcNow().UtcTicks));
                pending.Add(ttl is { } t ? batch.KeyExpireAsync(key, t) : batch.KeyPersistAsync(key));
            }
            else
            {
                // A plain SET clears any TTL: exactly how orphans are born after a bad deploy.
                pending.Add(ttl is { } t ? batch.StringSetAsync(key, SessionValue, t) : batch.StringSetAsync(key, SessionValue));
            }
        }
        batch.Execute();
        return Task.WhenAll(pending);
    }

    private Task WriteCacheAsync(IDatabase db, TimeSpan step)
    {
        if (!options.PageCache)
        {
            return Task.CompletedTask;
        }
        var perSecond = Has(Fault.EvictionStorm) ? options.StormCacheWritesPerSecond : options.PageCacheWritesPerSecond;
        _cacheCarry += perSecond * step.TotalSeconds;
        var batch = db.CreateBatch();
        var pending = new List<Task>();
        for (; _cacheCarry >= 1; _cacheCarry--)
        {
            // In a storm every page is new, so the cache keeps growing into maxmemory; otherwise it cycles.
            var page = Has(Fault.EvictionStorm) ? ++_cachePage : ++_cachePage % options.PageCachePages;
            pending.Add(batch.StringSetAsync(options.PageCachePrefix + page.ToString(CultureInfo.InvariantCulture), _cacheValue));
        }
        batch.Execute();
        return Task.WhenAll(pending);
    }

    private void Report(TimeSpan now)
    {
        if (Has(Fault.ConnectorSilent))
        {
            return;
        }
        var shoppers = _shoppers.ActiveShoppers(now);
        _botWave = Has(Fault.BotTraffic) ? Math.Min(_botWave + (shoppers * options.BotWaveShare / 10), shoppers * options.BotWaveShare) : 0;
        var users = (long)Math.Round(shoppers * (1 + options.SteadyBotShare) + _botWave);
        report(new ActiveUsersSample(
            options.StoreId,
            options.Connector,
            users,
            (int)options.ConnectorActiveWindow.TotalSeconds,
            time.GetUtcNow(),
            Orders: Math.Max(0, shoppers / 50)));
    }

    private static StorefrontOptions Validated(StorefrontOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
