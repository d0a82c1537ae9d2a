using StreamDrift.Cli.Commands;

namespace StreamDrift.Cli;

/// <summary>
/// Entry point: picks the sub-command. Every failure a user can cause ends here as one line on stderr
/// and a non-zero exit code (2 for usage and configuration errors), never a stack trace.
/// </summary>
internal static class CommandLine
{
    private const string Usage = "usage: streamdrift <count|run|demo|replay> [options]   (streamdrift <command> --help)";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            await Console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? ExitCode.Usage : ExitCode.Ok;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "count" => await Commands.CountCommand.RunAsync(rest).ConfigureAwait(false),
                "run" => await Commands.RunCommand.RunAsync(rest).ConfigureAwait(false),
                "demo" => await Commands.DemoCommand.RunAsync(rest).ConfigureAwait(false),
                "replay" => await Commands.ReplayCommand.RunAsync(rest).ConfigureAwait(false),
                _ => ExitCode.Fail($"unknown command '{args[0]}'. {Usage}", ExitCode.Usage),
            };
        }
        catch (UsageException e)
        {
            return ExitCode.Fail(e.Message, ExitCode.Usage);
        }
    }
}
