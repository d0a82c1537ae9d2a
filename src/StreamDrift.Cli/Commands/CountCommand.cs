namespace StreamDrift.Cli.Commands;

/// <summary><c>streamdrift count</c>: the exact number of keys under the prefixes (issue 2).</summary>
internal static class CountCommand
{
    public static Task<int> RunAsync(string[] args) =>
        throw new UsageException($"count is not implemented yet ({args.Length} arguments)");
}
