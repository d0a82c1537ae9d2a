using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
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
    // A second signal may arrive while the figures are being printed, after the source is disposed.
    private static void Stop(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public static async Task<int> RunAsync(ConnectionMultiplexer connection, CountOptions options, TimeSpan duration, TextWriter output)
    {
        var watcherOptions = new StoreWatcherOptions { StoreId = "watch", Database = options.Database };
        var rules = options.Rules();
        watcherOptions.SessionIdLength = rules.IdLength;
        foreach (var prefix in options.Prefixes)
        {
            watcherOptions.Prefixes.Add(prefix);
        }
        foreach (var glob in rules.Exclusions)
        {
            watcherOptions.Exclusions.Add(glob.Text);
        }
        var stopwatch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var time = TimeProvider.System;
        // The watcher's warnings (each gap and why) on standard error, so a benchmark can say what its gaps were;
        // standard output carries only the JSON line.
        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        var watcher = await StoreWatcher.StartAsync(
            connection, watcherOptions, time, loggers.CreateLogger<StoreWatcher>()).ConfigureAwait(false);
        WatcherMetrics metrics;
        await using (watcher.ConfigureAwait(false))
        {
            // Ctrl-C or SIGTERM end the watch early and still print the figures: the benchmarks stop it that way.
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                Stop(stop);
            };
            Console.CancelKeyPress += onCancel;
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Stop(stop);
            });
            try
            {
                await Task.Delay(duration, time, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
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
        return ExitCode.Ok;
    }
}
