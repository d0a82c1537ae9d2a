using System.Diagnostics;

namespace StreamDrift.Web.Tests;

/// <summary>Debian's <c>promtool</c> (package <c>prometheus</c>, installed by tools/test.sh).</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Runs promtool with <paramref name="input"/> on its standard input; exit code and both outputs.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(IEnumerable<string> args, string? input = null, string? workingDirectory = null)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: tools/test.sh installs Debian's prometheus package");
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
