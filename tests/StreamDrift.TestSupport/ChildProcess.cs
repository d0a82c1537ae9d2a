using System.Diagnostics;

namespace StreamDrift.TestSupport;

/// <summary>A program run to completion as a user would run it, with what it printed.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with the arguments, standard input closed; kills it and throws when it
    /// outlives <paramref name="timeout"/>. STREAMDRIFT_* settings of the developer's shell are not passed on.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        WithoutStreamDriftSettings(psi);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} took longer than {timeout}: {await stdout.ConfigureAwait(false)}");
        }
        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Settings of the developer's shell must not leak into a test's run.</summary>
    internal static void WithoutStreamDriftSettings(ProcessStartInfo psi)
    {
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("STREAMDRIFT_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(name);
        }
    }
}
