using System.Reactive.Concurrency;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Demo;
using StreamDrift.Redis.Local;
using StreamDrift.Cli.Hosting;
using StreamDrift.Cli.Running;
using StreamDrift.Cli.Web;
using StreamDrift.Core.Samples;
using StreamDrift.Storefront;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// <c>streamdrift demo</c>: zero set-up. Its own redis-server and embedded Kafka, a simulated storefront
/// with a page cache on the same instance, a scripted eviction incident, the live pipeline, and a view of
/// the figures and of the Kafka records read back and decoded. Cleans up every process it started.
/// </summary>
internal static class DemoCommand
{
    public const string Synopsis = "[--forever] [--headless] [--sink jsonl:PATH] [--metrics-port N]";
    private const string StoreId = "demo-store";

    public static async Task<int> RunAsync(string[] args)
    {
        var flags = FlagParser.Parse("demo", args, DemoFlags.Specs);
        if (flags.HelpRequested)
        {
            await Console.Out.WriteLineAsync(FlagParser.Usage("demo", Synopsis, DemoFlags.Specs)).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        var forever = flags.Has(DemoFlags.Forever);
        var live = !flags.Has(DemoFlags.Headless) && !Console.IsOutputRedirected;
        var time = TimeProvider.System;
        var sinkPath = SinkPath(flags.Get("sink"), time);
        var metricsPort = ParsePort(flags.Get("metrics-port"));

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var work = Path.Combine(Path.GetTempPath(), $"streamdrift-demo-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var usersPath = Path.Combine(work, "active-users.jsonl");

        await Console.Out.WriteLineAsync("streamdrift: starting a private redis-server and the embedded Kafka...").ConfigureAwait(false);
        await using var redis = await LocalRedisServer.StartAsync(new LocalRedisServerOptions { KeyspaceNotifications = true }, time, stop.Token).ConfigureAwait(false);
        var options = Options(redis.Endpoint, usersPath, sinkPath, metricsPort);
        using var loggers = live ? NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var context = RunContext.Create(options, time, loggers);
        var view = new DemoView(Console.Out, time, live, context.Card);
        await using var web = metricsPort is null ? null : new WebEndpoint(context.Metrics.Registry, context.Health, context.Card, time, context.Acceptance);
        if (web is not null)
        {
            // Loopback only: the demo is for the person at this machine.
            await web.StartAsync("127.0.0.1", metricsPort!.Value, stop.Token).ConfigureAwait(false);
            view.CardUrl = $"http://127.0.0.1:{web.Port}/";
            await Console.Out.WriteLineAsync($"streamdrift: the card is at {view.CardUrl} (metrics at /metrics)").ConfigureAwait(false);
        }

        var taps = new PipelineTaps
        {
            Outputs = [new CallbackWindowOutput("demo-view", view.OnWindow)],
        };
        var pipeline = new LivePipeline(context, Scheduler.Default, taps);
        try
        {
            // The shop opens first, so StreamDrift starts watching a store that is already in steady state.
            var connectorOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var storefront = RunStorefrontAsync(redis.Endpoint, usersPath, view, forever, time, connectorOn.Task, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), time, stop.Token).ConfigureAwait(false);
            await pipeline.StartStoreAsync(options.Stores[0], stop.Token).ConfigureAwait(false);
            // The connector reports from now on: earlier samples would predate the count StreamDrift has.
            connectorOn.TrySetResult();
            view.Narrate($"embedded Kafka at {pipeline.KafkaBootstrap}; redis-server at {redis.Endpoint}");
            using var viewStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var reader = new PublishedRecordsReader(pipeline.KafkaBootstrap!, options.Topics.Observations, options.Topics.Alerts, view).RunAsync(viewStop.Token);
            var drawing = view.RunAsync(viewStop.Token);

            await storefront.ConfigureAwait(false);

            view.Narrate("closing the open windows and flushing Kafka...");
            await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
            // Give the reader a moment to show the last records it can still fetch.
            await Task.Delay(TimeSpan.FromSeconds(2), time, CancellationToken.None).ConfigureAwait(false);
            await viewStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(reader, drawing).ConfigureAwait(false);
        }
        finally
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
            await context.DisposeAsync().ConfigureAwait(false);
        }
        await Console.Out.WriteLineAsync($"demo finished: observations and alerts in {sinkPath}; the recorded active users in {usersPath}; redis-server and the embedded Kafka stopped.").ConfigureAwait(false);
        return ExitCode.Ok;
    }

    private static async Task RunStorefrontAsync(
        string redisEndpoint, string usersPath, DemoView view, bool forever, TimeProvider time, Task connectorOn, CancellationToken cancellationToken)
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync($"{redisEndpoint},allowAdmin=true").ConfigureAwait(false);
        await using var users = new FileStream(usersPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var start = time.GetTimestamp();
        var narration = "";
        void Report(ActiveUsersSample sample)
        {
            if (!connectorOn.IsCompleted)
            {
                return;
            }
            users.Write(ActiveUsersSampleJson.Serialize(sample));
            users.WriteByte((byte)'\n');
            users.Flush();
            var now = DemoScript.Narration(time.GetElapsedTime(start));
            if (now != narration)
            {
                narration = now;
                view.Narrate(now);
            }
        }
        var storefront = new StorefrontSimulator(mux, DemoScript.Storefront(StoreId, forever), Report, time);
        await storefront.RunAsync(forever ? TimeSpan.MaxValue : DemoScript.Duration, cancellationToken).ConfigureAwait(false);
    }

    private static StreamDriftOptions Options(string redisEndpoint, string usersPath, string sinkPath, int? metricsPort) => new()
    {
        Stores =
        [
            new StoreOptions
            {
                Id = StoreId,
                Redis = [redisEndpoint],
                Prefixes = ["sess:"],
                SessionTtl = TimeSpan.FromSeconds(30),
                Users = new UsersSource(UsersSourceKind.File, usersPath),
                Window = DemoScript.Window,
                // The file source polls once a second: the grace covers a sample written just before a window ends.
                Grace = TimeSpan.FromSeconds(2),
                ReconcileEvery = TimeSpan.FromSeconds(30),
                StaleAfter = TimeSpan.FromSeconds(10),
            },
        ],
        Kafka = KafkaMode.Embedded,
        SinkPath = sinkPath,
        MetricsPort = metricsPort ?? 0,
    };

    private static string SinkPath(string? flag, TimeProvider time)
    {
        if (flag is null)
        {
            return Path.Combine(Path.GetTempPath(), $"streamdrift-demo-{time.GetUtcNow():yyyyMMdd-HHmmss}.jsonl");
        }
        return flag.StartsWith("jsonl:", StringComparison.Ordinal) && flag.Length > 6
            ? flag[6..]
            : throw new UsageException($"invalid --sink '{flag}': expected jsonl:PATH");
    }

    /// <summary>The port to serve on (0: a free one the system picks), or null for none (<c>--metrics-port 0</c>).</summary>
    private static int? ParsePort(string? flag) =>
        flag is null ? 0
        : flag == "0" ? null
        : int.TryParse(flag, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port
        : throw new UsageException($"invalid --metrics-port '{flag}': expected 0 to 65535");
}
