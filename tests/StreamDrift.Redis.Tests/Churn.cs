using System.Diagnostics;
using StackExchange.Redis;

namespace StreamDrift.Redis.Tests;

/// <summary>
/// Writes to a test server in pipelined batches until stopped: new session keys, deletes of earlier ones,
/// optional short-TTL keys (expirations), rewrites of existing keys, and optional filler outside the prefix.
/// The truth is never tracked here; tests read it with a quiet SCAN afterwards. One writer to start with;
/// a test that needs a rate adds writers (<see cref="RampToAsync"/>), each with its own new keys.
/// </summary>
internal sealed class Churn : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly List<Task> _loops = [];
    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly ChurnMix _mix;
    private long _writes;

    private Churn(IDatabase database, string prefix, ChurnMix mix)
    {
        (_database, _prefix, _mix) = (database, prefix, mix);
        AddWriter();
    }

    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>From the start to the stop (or to now while running).</summary>
    public TimeSpan Elapsed => _stopwatch.Elapsed;

    public int Writers => _loops.Count;

    public static Churn Start(IDatabase database, string prefix, ChurnMix mix) => new(database, prefix, mix);

    /// <summary>
    /// Adds writers until a one-second sample reaches <paramref name="writesPerSecond"/> or
    /// <paramref name="maxWriters"/> run: the load adapts to a busy machine, the test's bar does not.
    /// </summary>
    public async Task RampToAsync(double writesPerSecond, int maxWriters)
    {
        while (true)
        {
            var (writes, at) = (Writes, Elapsed);
            await Task.Delay(TimeSpan.FromSeconds(1));
            if ((Writes - writes) / (Elapsed - at).TotalSeconds >= writesPerSecond || Writers >= maxWriters)
            {
                return;
            }
            AddWriter();
        }
    }

    private void AddWriter()
    {
        var writer = _loops.Count;
        // Writer 0 keeps the key names every test knows; the others write their own new keys.
        var tag = writer == 0 ? "" : writer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _loops.Add(Task.Run(() => RunAsync(tag, new Random(7 + writer), _stop.Token)));
    }

    private async Task RunAsync(string tag, Random random, CancellationToken cancellationToken)
    {
        var mix = _mix;
        var value = new string('v', mix.ValueBytes);
        long next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = _database.CreateBatch();
            var pending = new List<Task>(mix.BatchSize * 5);
            for (var i = 0; i < mix.BatchSize; i++, next++)
            {
                pending.Add(batch.StringSetAsync($"{_prefix}c{tag}:{next}", value));
                if (next >= mix.DeleteLag)
                {
                    pending.Add(batch.KeyDeleteAsync($"{_prefix}c{tag}:{next - mix.DeleteLag}"));
                }
                if (mix.ShortTtl is { } ttl && i % 4 == 0)
                {
                    pending.Add(batch.StringSetAsync($"{_prefix}t{tag}:{next}", value, ttl));
                }
                if (mix.RewriteRange > 0)
                {
                    pending.Add(batch.StringSetAsync($"{_prefix}:{random.Next(mix.RewriteRange)}", value));
                }
                if (mix.Filler)
                {
                    pending.Add(batch.StringSetAsync($"cache{tag}:{next}", value));
                }
            }
            batch.Execute();
            await Task.WhenAll(pending);
            Interlocked.Add(ref _writes, pending.Count);
            if (mix.PauseBetweenBatches > TimeSpan.Zero)
            {
                await Task.Delay(mix.PauseBetweenBatches, CancellationToken.None);
            }
        }
    }

    /// <summary>Stops after the current batches and waits until their writes are acknowledged.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stopwatch.Stop();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
