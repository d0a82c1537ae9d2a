using System.Diagnostics;
using StackExchange.Redis;
using StreamDrift.Redis;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// <c>streamdrift count</c>: the exact number of keys under the prefixes, counted on the server one bounded SCAN
/// page at a time (a Lua script; plain SCAN where scripting is refused), every primary concurrently. The safe,
/// fast replacement for <c>redis-cli --scan --pattern 'sess:*' | wc -l</c>. What the count guarantees under
/// writes: see <see cref="ServerKeyCounter"/>.
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
        if (await CountDirect.TryRunAsync(options, output).ConfigureAwait(false) is { } exit)
        {
            return exit;
        }
        return await CountWithLibraryAsync(options, output).ConfigureAwait(false);
    }

    // Every topology, and whatever the fast path declined or failed on (its errors are reported from here).
    private static async Task<int> CountWithLibraryAsync(CountOptions options, TextWriter output)
    {
        var (redis, sentinelUser, sentinelPassword) = CountSentinel.Split(string.Join(",", options.Redis));
        var configuration = CountRedisConnection.Configure([redis]);
        ConnectionMultiplexer connection;
        try
        {
            connection = options.SentinelMaster is { } master
                ? await CountSentinel.ConnectAsync(configuration, master, sentinelUser, sentinelPassword).ConfigureAwait(false)
                : await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            return ExitCode.Fail($"cannot connect to Redis at {CountRedisConnection.Describe(configuration)} ({e.FailureType})", ExitCode.Failed);
        }
        catch (RedisSetupException e)
        {
            return ExitCode.Fail(e.Message, ExitCode.Failed);
        }
        await using (connection.ConfigureAwait(false))
        {
            if (DatabaseOutOfRange(connection, options.Database) is { } databases)
            {
                return ExitCode.Fail($"count: --db {options.Database} is beyond the {databases} databases (0 to {databases - 1}) of Redis at {CountRedisConnection.Describe(configuration)}", ExitCode.Usage);
            }
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
            catch (RedisCommandException e)
            {
                // Refused by the client before it reached Redis (it is not a RedisException).
                return ExitCode.Fail($"Redis at {CountRedisConnection.Describe(configuration)} refused: {e.Message.ReplaceLineEndings(" ")}", ExitCode.Failed);
            }
        }
    }

    /// <summary>The primaries' database count when <paramref name="database"/> is beyond it (known from CONFIG GET databases at connect), else null.</summary>
    private static int? DatabaseOutOfRange(ConnectionMultiplexer connection, int database)
    {
        foreach (var server in connection.GetServers())
        {
            if (!server.IsReplica && server.DatabaseCount > 0 && database >= server.DatabaseCount)
            {
                return server.DatabaseCount;
            }
        }
        return null;
    }

    private static async Task<int> CountAsync(ConnectionMultiplexer connection, CountOptions options, TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        var rules = options.Rules();
        var prefixes = rules.Prefixes;
        // One server per shard (a cluster's primaries as CLUSTER NODES names them now, or one replica of each),
        // all at once: each server is single-threaded, so its prefixes go one after the other, while shards count
        // concurrently and a cluster's count takes as long as its largest shard.
        var targets = await CountTargets.SelectAsync(connection, options.Replicas).ConfigureAwait(false);
        var counts = targets.Select(async target =>
        {
            // Shares keep a standalone server busy without a round trip between pages, but settle their edges by
            // key name, so they take plain SCAN; a single cursor takes the server-side step (no names on the wire).
            var (shares, _) = await ScanShares.ForServerAsync(target.Server, options.Database, options.Shares).ConfigureAwait(false);
            var scanner = new ServerPageScanner(target.Server, options.Database, TimeProvider.System, useScript: !options.NoScript && shares == 1, rules: rules,
                plainReason: shares > 1 ? $"plain SCAN over {shares} shares side by side" : null);
            return await ServerKeyCounter.CountAsync(scanner, prefixes, options.PageSize, shares).ConfigureAwait(false);
        });
        var results = await Task.WhenAll(counts).ConfigureAwait(false);
        stopwatch.Stop();
        var total = results.Sum(r => r.Keys);

        if (!options.Json)
        {
            await output.WriteLineAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        var nodes = targets.Select(t => new CountJson.Node(t.Node, t.Role, t.Shard, t.Note)).ToList();
        await output.WriteLineAsync(CountJson.Format(nodes, results, prefixes, options, stopwatch.Elapsed)).ConfigureAwait(false);
        return ExitCode.Ok;
    }
}
