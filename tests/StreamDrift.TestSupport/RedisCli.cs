using System.Diagnostics;

namespace StreamDrift.TestSupport;

/// <summary>Runs <c>redis-cli</c> (its <c>--cluster</c> tooling creates, reshards and rebalances test clusters).</summary>
public static class RedisCli
{
    /// <summary>Runs redis-cli with the arguments; throws with its output when it exits non-zero or outlives the timeout.</summary>
    public static async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("redis-cli")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-cli did not start");
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
            throw new TimeoutException($"redis-cli {string.Join(' ', args)} took longer than {timeout}: {await stdout.ConfigureAwait(false)}");
        }
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', args)} exited {process.ExitCode}: {output}");
        }
        return output;
    }
}
