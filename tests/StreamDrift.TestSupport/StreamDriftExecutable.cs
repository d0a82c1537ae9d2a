using System.Diagnostics;
using System.Reflection;

namespace StreamDrift.TestSupport;

/// <summary>
/// The built <c>streamdrift</c> executable, run as a user would: <c>dotnet .../streamdrift.dll</c> from the
/// Cli project's output of the same configuration as the calling test assembly (Debug or Release).
/// </summary>
public static class StreamDriftExecutable
{
    public static string DllPath { get; } = Locate();

    /// <summary>Runs to completion (or kills it after <paramref name="timeout"/>) and returns what it printed.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var process = StreamDriftProcess.Start(args, environment);
        return await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
    }

    internal static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        ChildProcess.WithoutStreamDriftSettings(psi);
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                psi.Environment[name] = value;
            }
        }
        return psi;
    }

    private static string Locate()
    {
        var configuration = typeof(StreamDriftExecutable).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamDrift.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "StreamDrift.Cli", "bin", configuration, "net10.0", "streamdrift.dll");
                return File.Exists(dll)
                    ? dll
                    : throw new FileNotFoundException($"build the solution in {configuration} first: {dll} is missing", dll);
            }
        }
        throw new DirectoryNotFoundException($"no StreamDrift.sln above {AppContext.BaseDirectory}");
    }
}
