using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using StreamDrift.Redis;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// Hidden benchmark mode, <c>streamdrift count ... --watch 30s</c>: runs a store watcher for the duration and
/// prints one JSON line with its counters, the process CPU time and peak resident memory. It lets the
/// ingest and memory benchmarks in tools/ measure the real watcher from outside.
/// </summary>
internal static class WatchCommand
{
    public static async Task<int> RunAsync(ConnectionMultiplexer connection, CountOptions options, TimeSpan duration, TextWriter output)
    {
        var watcherOptions = new StoreWatcherOptions { StoreId = "watch", Database = options.Database };
        foreach (var prefix in options.Prefixes)
        {
            watcherOptions.Prefixes.Add(prefix);
        }
        var stopwatch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watcher = await StoreWatcher.StartAsync(
            connection, watcherOptions, TimeProvider.System, DefaultScheduler.Instance, NullLogger<StoreWatcher>.Instance).ConfigureAwait(false);
        WatcherMetrics metrics;
        await using (watcher.ConfigureAwait(false))
        {
            await Task.Delay(duration).ConfigureAwait(false);
            metrics = watcher.GetMetrics();
        }
        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var events = metrics.Events;
        var total = events.New + events.Set + events.HSet + events.Del + events.Expired + events.Evicted
            + events.Expire + events.Persist + events.RenamedIn + events.RenamedOut + events.Other;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("count", metrics.SessionKeys);
            json.WriteNumber("events", total);
            json.WriteNumber("new", events.New);
            json.WriteNumber("set", events.Set);
            json.WriteNumber("del", events.Del);
            json.WriteNumber("expired", events.Expired);
            json.WriteNumber("evicted", events.Evicted);
            json.WriteNumber("reconciles", metrics.Reconciles);
            json.WriteNumber("corrections", metrics.Corrections);
            json.WriteNumber("gaps", metrics.Gaps);
            json.WriteNumber("shed", metrics.ShedEvents);
            json.WriteNumber("maxBacklog", metrics.MaxBacklog);
            json.WriteNumber("elapsedMs", Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1));
            json.WriteNumber("cpuMs", Math.Round(cpu.TotalMilliseconds, 1));
            json.WriteNumber("peakRssMb", Math.Round(process.PeakWorkingSet64 / 1048576.0, 1));
            json.WriteEndObject();
        }
        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
        return 0;
    }
}
