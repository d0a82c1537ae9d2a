using System.Collections;
using Microsoft.Extensions.Logging.Abstractions;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Hosting;
using StreamDrift.Cli.Recording;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Hosting;

public class PipelineServiceTests
{
    [Fact]
    public async Task Start_RetriesAFailingStoreWithBackoff_ThenStop_FlushesWhatThePipelineWroteLast()
    {
        var record = Path.Combine(Path.GetTempPath(), $"rec-{Guid.NewGuid():N}.jsonl");
        try
        {
            var options = RunOptionsLoader.Load(FlagParser.Parse("run", ["--store", "eu", "--users", "sim", "--kafka", "none", "--record", record, "--grace", "10m"], RunFlags.Specs), new Hashtable());
            var context = RunContext.Create(options, TimeProvider.System, NullLoggerFactory.Instance);
            var pipeline = new ScriptedPipeline(context, failuresBeforeStart: 2);
            var service = new PipelineService(pipeline, context, NullLogger<PipelineService>.Instance)
            {
                Backoff = new BackoffPolicy { Initial = TimeSpan.FromMilliseconds(10), Jitter = 0 },
            };

            await service.StartAsync(CancellationToken.None);
            await pipeline.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(3, pipeline.Attempts);
            Assert.Equal("ok", context.Health.Status);
            await service.StopAsync(CancellationToken.None);

            Assert.True(pipeline.Stopped);
            Assert.True(pipeline.Disposed);
            // The entry was still in the 10-minute reorder buffer: stopping must have flushed it to disk.
            var line = Assert.Single(File.ReadAllLines(record));
            Assert.Equal(7, RecordingJson.Parse(line, 1).Users!.ActiveUsers);
        }
        finally
        {
            File.Delete(record);
        }
    }

    [Fact]
    public async Task Start_ReportsTheFailureInHealth_AndStopEndsTheRetries()
    {
        var options = RunOptionsLoader.Load(FlagParser.Parse("run", ["--store", "eu", "--users", "sim", "--kafka", "none"], RunFlags.Specs), new Hashtable());
        var context = RunContext.Create(options, TimeProvider.System, NullLoggerFactory.Instance);
        var pipeline = new ScriptedPipeline(context, failuresBeforeStart: int.MaxValue);
        var service = new PipelineService(pipeline, context, NullLogger<PipelineService>.Instance)
        {
            Backoff = new BackoffPolicy { Initial = TimeSpan.FromMilliseconds(5), Max = TimeSpan.FromMilliseconds(20), Jitter = 0 },
        };

        await service.StartAsync(CancellationToken.None);
        await Eventually.Until(() => pipeline.Attempts >= 3, Eventually.DefaultDeadline, () => $"only {pipeline.Attempts} start attempts");
        var store = context.Health.Store("eu");
        Assert.Equal("degraded", context.Health.Status);
        Assert.Equal(SubscriptionState.Down, store.Subscription);
        Assert.Equal("connection refused (eu)", store.LastError);

        await service.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var attempts = pipeline.Attempts;
        await Task.Delay(100);
        Assert.Equal(attempts, pipeline.Attempts);
    }
}
