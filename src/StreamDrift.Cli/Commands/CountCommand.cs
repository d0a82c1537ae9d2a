using System.Diagnostics;
using System.Text.Json;
using StackExchange.Redis;
using StreamDrift.Redis;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// <c>streamdrift count</c>: the exact number of keys under the prefixes, by SCAN MATCH with large pages,
/// every prefix and every primary scanned concurrently. The safe, fast replacement for
/// <c>redis-cli --scan --pattern 'sess:*' | wc -l</c>.
/// <para>
/// Under churn no SCAN-based count is exact: keys present for the whole scan are counted, keys created or
/// deleted during it may or may not be, and a hash table shrinking mid-scan may return a key twice. Keys are
/// not de-duplicated (that would take memory proportional to the keys); on a stable keyspace the count is exact.
/// </para>
/// </summary>
internal static class CountCommand
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var options = CountOptions.Parse(args);
        if (options.Help)
        {
            await output.WriteLineAsync(CountOptions.Usage).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        var configuration = CountRedisConnection.Configure(options.Redis);
        ConnectionMultiplexer connection;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            return ExitCode.Fail($"cannot connect to Redis at {CountRedisConnection.Describe(configuration)} ({e.FailureType})", ExitCode.Failed);
        }
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                if (options.Watch is { } duration)
                {
                    return await WatchCommand.RunAsync(connection, options, duration, output).ConfigureAwait(false);
                }
                return await CountAsync(connection, options, output).ConfigureAwait(false);
            }
            catch (RedisSetupException e)
            {
                return ExitCode.Fail(e.Message, ExitCode.Failed);
            }
            catch (RedisException e)
            {
                return ExitCode.Fail($"Redis at {CountRedisConnection.Describe(configuration)} failed: {e.Message.ReplaceLineEndings(" ")}", ExitCode.Failed);
            }
        }
    }

    private static async Task<int> CountAsync(ConnectionMultiplexer connection, CountOptions options, TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        var rules = options.Rules();
        var prefixes = rules.Prefixes;
        var scans = new List<Task<ScanTally>>();
        foreach (var server in connection.GetServers())
        {
            if (server.IsReplica)
            {
                continue;
            }
            foreach (var prefix in prefixes)
            {
                scans.Add(SessionKeyScanner.ScanAsync(server, options.Database, prefix, options.PageSize, TimeSpan.Zero, TimeProvider.System, rules: rules));
            }
        }
        if (scans.Count == 0)
        {
            return ExitCode.Fail("no primary Redis server is connected", ExitCode.Failed);
        }
        var total = default(ScanTally);
        foreach (var tally in await Task.WhenAll(scans).ConfigureAwait(false))
        {
            total += tally;
        }
        stopwatch.Stop();

        if (!options.Json)
        {
            await output.WriteLineAsync(total.Keys.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("count", total.Keys);
            // Session keys SCAN returned, duplicates included; equal to count since count does not de-duplicate.
            json.WriteNumber("scanned", total.Keys);
            json.WriteNumber("pages", total.Pages);
            json.WriteNumber("elapsedMs", Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1));
            json.WriteNumber("db", options.Database);
            json.WriteStartArray("prefixes");
            foreach (var prefix in prefixes)
            {
                json.WriteStringValue(prefix);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
        return ExitCode.Ok;
    }
}
