namespace StreamDrift.Cli.Commands;

/// <summary>
/// What a command returns to the shell. Commands return these instead of calling back up into the
/// entry point, so the entry point only dispatches and the arrow between them points one way.
/// </summary>
internal static class ExitCode
{
    public const int Ok = 0;

    /// <summary>The command ran and failed at run time (Redis unreachable, a port taken, an unreadable recording).</summary>
    public const int Failed = 1;

    /// <summary>A bad flag or setting, reported before anything started.</summary>
    public const int Usage = 2;

    /// <summary>Prints <c>streamdrift: message</c> as one line on stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"streamdrift: {message}");
        return exitCode;
    }
}
