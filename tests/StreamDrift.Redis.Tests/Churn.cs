using System.Diagnostics;
using StackExchange.Redis;

namespace StreamDrift.Redis.Tests;

/// <summary>
/// Writes to a test server in pipelined batches until stopped: new session keys, deletes of earlier ones,
/// optional short-TTL keys (expirations), rewrites of existing keys, and optional filler outside the prefix.
/// The truth is never tracked here; tests read it with a quiet SCAN afterwards.
/// </summary>
internal sealed class Churn : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _writes;
    private long _failedBatches;

    private Churn(IDatabase database, string prefix, ChurnMix mix)
    {
        _loop = Task.Run(() => RunAsync(database, prefix, mix, _stop.Token));
    }

    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Batches with a failed write (only with <see cref="ChurnMix.TolerateFailures"/>).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    public TimeSpan Elapsed { get; private set; }

    public static Churn Start(IDatabase database, string prefix, ChurnMix mix) => new(database, prefix, mix);

    private async Task RunAsync(IDatabase database, string prefix, ChurnMix mix, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var random = new Random(7);
        var value = new string('v', mix.ValueBytes);
        long next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = database.CreateBatch();
            var pending = new List<Task>(mix.BatchSize * 5);
            for (var i = 0; i < mix.BatchSize; i++, next++)
            {
                pending.Add(batch.StringSetAsync($"{prefix}c:{next}", value));
                if (next >= mix.DeleteLag)
                {
                    pending.Add(batch.KeyDeleteAsync($"{prefix}c:{next - mix.DeleteLag}"));
                }
                if (mix.ShortTtl is { } ttl && i % 4 == 0)
                {
                    pending.Add(batch.StringSetAsync($"{prefix}t:{next}", value, ttl));
                }
                if (mix.RewriteRange > 0)
                {
                    pending.Add(batch.StringSetAsync($"{prefix}:{random.Next(mix.RewriteRange)}", value));
                }
                if (mix.Filler)
                {
                    pending.Add(batch.StringSetAsync($"cache:{next}", value));
                }
            }
            batch.Execute();
            try
            {
                await Task.WhenAll(pending);
                Interlocked.Add(ref _writes, pending.Count);
            }
            catch (RedisException) when (mix.TolerateFailures)
            {
                // A failover or a slot move under way: the writes that failed are simply not made (the truth is read afterwards).
                Interlocked.Increment(ref _failedBatches);
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }
            if (mix.PauseBetweenBatches > TimeSpan.Zero)
            {
                await Task.Delay(mix.PauseBetweenBatches, CancellationToken.None);
            }
        }
        Elapsed = stopwatch.Elapsed;
    }

    /// <summary>Stops after the current batch and waits until its writes are acknowledged.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
