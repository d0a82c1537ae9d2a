using StreamDrift.Core.Counting;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

/// <summary>
/// The reconcile's bound counts the events applied between two barriers, so the barrier must leave nothing in
/// flight (Redis's output buffer, the socket, the library's queue), also with the CPU taken by busy threads.
/// </summary>
public class KeyspaceBarrierTests
{
    [Fact]
    public async Task Barrier_UnderCpuLoad_AppliesEveryEventRedisSentBeforeIt()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var writer = await server.ConnectAsync();
        await connection.GetServers()[0].ConfigSetAsync("notify-keyspace-events", "Kngxe$h");
        var counter = new SessionKeyCounter();
        await using var subscriptions = new KeyspaceSubscriptions(connection.GetSubscriber(), TimeProvider.System);
        await subscriptions.AddAsync("sess:", 0, WatcherFactory.Options("sess:").Rules(), counter, 1_000_000, _ => { });
        using var stop = new CancellationTokenSource();
        var busy = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        }) { IsBackground = true }).ToList();
        busy.ForEach(t => t.Start());
        var db = writer.GetDatabase();
        var missing = new List<string>();
        try
        {
            for (var round = 1; round <= 50; round++)
            {
                // Acknowledged writes: Redis has published their events before it answered.
                var batch = db.CreateBatch();
                var writes = Enumerable.Range(0, 200).Select(i => batch.StringSetAsync($"sess:{round}:{i}", "x")).ToList();
                batch.Execute();
                await Task.WhenAll(writes);

                await subscriptions.BarrierAsync(CancellationToken.None);

                if (counter.Value != round * 200L)
                {
                    missing.Add($"round {round}: {counter.Value} of {round * 200}");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        Assert.Empty(missing);
    }
}
