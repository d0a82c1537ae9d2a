using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Running;
using StreamDrift.Cli.Sinks;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// <c>streamdrift replay --input FILE.jsonl [--output FILE.jsonl]</c>: judges a recording on virtual time,
/// as fast as the CPU allows, and writes the observations and alerts as JSON lines. Deterministic: the same
/// input and settings give byte-identical output. This is how operators tune sensitivity on their history.
/// </summary>
internal static class ReplayCommand
{
    public const string Synopsis = "--input FILE.jsonl [--output FILE.jsonl] [--config FILE] [judging flags]";

    public static async Task<int> RunAsync(string[] args)
    {
        var flags = FlagParser.Parse("replay", args, ReplayFlags.Specs);
        if (flags.HelpRequested)
        {
            await Console.Out.WriteLineAsync(FlagParser.Usage("replay", Synopsis, ReplayFlags.Specs)).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        var options = ReplayOptionsLoader.Load(flags, Environment.GetEnvironmentVariables());
        var replayer = new Replayer(options);
        IReadOnlyList<Core.Alerts.TrackedWindow> judged;
        try
        {
            judged = await replayer.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or FormatException or System.Text.Json.JsonException or InvalidDataException)
        {
            return ExitCode.Fail($"cannot replay '{options.Input}': {e.Message}", ExitCode.Failed);
        }

        var alerts = 0;
        await using (var output = options.Output is { } path ? new JsonLinesSink(path, FileMode.Create) : new JsonLinesSink(Console.OpenStandardOutput()))
        {
            foreach (var window in judged)
            {
                alerts += window.Alert is null ? 0 : 1;
                await output.WriteAsync(window, CancellationToken.None).ConfigureAwait(false);
            }
        }
        await Console.Error.WriteLineAsync(
            $"replayed {options.Input}: {judged.Count} windows, {alerts} alert transitions, {replayer.Rejections.Total} samples rejected").ConfigureAwait(false);
        return ExitCode.Ok;
    }
}
