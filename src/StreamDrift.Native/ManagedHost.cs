using System.Runtime.InteropServices;
using StreamDrift.Cli.Commands;

namespace StreamDrift.Native;

/// <summary>
/// The managed streamdrift published in <c>host/</c> beside the native one. The native process is replaced by it
/// (execv), not made its parent: the same PID, standard streams and environment, so a service manager's SIGTERM
/// reaches <c>run</c> directly and the shell sees the managed command's own exit code.
/// </summary>
internal static partial class ManagedHost
{
    /// <summary>The folder beside the native executable that holds the managed one.</summary>
    public const string Folder = "host";

    /// <summary>Replaces this process with the managed streamdrift given <paramref name="args"/>; returns only if that failed.</summary>
    public static int Replace(string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Folder, "streamdrift");
        if (!File.Exists(path))
        {
            return ExitCode.Fail($"the managed streamdrift is missing at {path} (publishing src/StreamDrift.Native puts it there)", ExitCode.Failed);
        }
        Console.Out.Flush();
        var argv = new nint[args.Length + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(path);
            for (var i = 0; i < args.Length; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }
            _ = ExecV(path, argv);
            return ExitCode.Fail($"could not start the managed streamdrift at {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}", ExitCode.Failed);
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeCoTaskMem(arg);
            }
        }
    }

    // argv: NUL-terminated array of C strings; the generated marshaller pins it for the call.
    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecV(string path, nint[] argv);
}
