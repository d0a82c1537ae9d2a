using System.Net;
using Microsoft.Extensions.Hosting;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Hosting;

namespace StreamDrift.Cli.Commands;

/// <summary><c>streamdrift run</c>: read and validate the configuration, then run the host until SIGTERM/Ctrl+C.</summary>
internal static class RunCommand
{
    public const string Synopsis = "[--config FILE] [flags]   (flags > STREAMDRIFT_* variables > config file)";

    public static async Task<int> RunAsync(string[] args)
    {
        var flags = FlagParser.Parse("run", args, RunFlags.Specs);
        if (flags.HelpRequested)
        {
            await Console.Out.WriteLineAsync(FlagParser.Usage("run", Synopsis, RunFlags.Specs)).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        var options = RunOptionsLoader.Load(flags, Environment.GetEnvironmentVariables());
        using var host = RunHost.Build(options, CreatePipeline);
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (HttpListenerException e)
        {
            return ExitCode.Fail($"cannot serve metrics on port {options.MetricsPort}: {e.Message}", ExitCode.Failed);
        }
        return ExitCode.Ok;
    }

    /// <summary>
    /// Wiring point: the pipeline <c>run</c> executes. Today it only reaches Redis and keeps health current;
    /// the full pipeline (watcher, join/windows/detector, classifier, Kafka sink) replaces it here.
    /// </summary>
    internal static IDriftPipeline CreatePipeline(RunContext context) => new Running.LivePipeline(context, System.Reactive.Concurrency.Scheduler.Default);
}
