namespace StreamDrift.TestSupport;

/// <summary>Runs <c>redis-cli</c> (its <c>--cluster</c> tooling creates, reshards and rebalances test clusters).</summary>
public static class RedisCli
{
    /// <summary>Runs redis-cli with the arguments; throws with its output when it exits non-zero or outlives the timeout.</summary>
    public static async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var result = await ChildProcess.RunAsync("redis-cli", args, timeout).ConfigureAwait(false);
        var output = result.StandardOutput + result.StandardError;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', args)} exited {result.ExitCode}: {output}");
        }
        return output;
    }
}
