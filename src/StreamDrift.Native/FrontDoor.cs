using StreamDrift.Cli;
using StreamDrift.Cli.Commands;

namespace StreamDrift.Native;

/// <summary>
/// What the native <c>streamdrift</c> does with its arguments: <c>count</c> against one standalone primary runs
/// here, on the count's own sockets (<see cref="CountDirect"/>, the same code the managed count tries first);
/// anything else becomes the managed streamdrift (<see cref="ManagedHost"/>), which also says what is wrong with a
/// bad flag, so every message and exit code has one source.
/// </summary>
internal static class FrontDoor
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["count", .. var rest] && CountOptionsOrNull(rest) is { } options
            && await CountDirect.TryRunAsync(options, Console.Out).ConfigureAwait(false) is { } exit)
        {
            return exit;
        }
        return ManagedHost.Replace(args);
    }

    // Options the fast path may take; help and bad flags are the managed streamdrift's to print.
    private static CountOptions? CountOptionsOrNull(string[] args)
    {
        try
        {
            var options = CountOptions.Parse(args);
            return options.Help ? null : options;
        }
        catch (UsageException)
        {
            return null;
        }
    }
}
