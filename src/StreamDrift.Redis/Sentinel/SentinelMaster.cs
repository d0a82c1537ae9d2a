using StackExchange.Redis;

namespace StreamDrift.Redis.Sentinel;

/// <summary>
/// Asks the sentinels which node is the primary of one master, and which are its replicas, whenever asked:
/// StreamDrift does not rely on the <c>+switch-master</c> announcement alone, which StackExchange.Redis can miss
/// when the primary dies while connected (StackExchange.Redis #2487). Also opens connections to the data nodes
/// the sentinels name, with the data nodes' own credentials. Dispose to close the sentinel connection.
/// </summary>
public sealed class SentinelMaster : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _sentinels;
    private readonly SentinelMasterOptions _options;

    private SentinelMaster(ConnectionMultiplexer sentinels, SentinelMasterOptions options)
    {
        _sentinels = sentinels;
        _options = options;
    }

    public string MasterName => _options.MasterName;

    /// <summary>The client name of the node connections (what CLIENT LIST shows, and how our subscriptions are proven).</summary>
    internal string NodeClientName => _options.Data.ClientName ?? "streamdrift";

    /// <summary>The sentinel endpoints, for messages (never credentials).</summary>
    public string Describe() => string.Join(",", _options.Sentinels);

    /// <summary>
    /// Connects to the sentinels (those that answer; at least one must). Throws <see cref="RedisConnectionException"/>
    /// when none answers, <see cref="RedisSetupException"/> when none knows the master.
    /// </summary>
    public static async Task<SentinelMaster> ConnectAsync(SentinelMasterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.MasterName);
        if (options.Sentinels.Count == 0)
        {
            throw new ArgumentException("at least one sentinel endpoint is required", nameof(options));
        }
        var configuration = new ConfigurationOptions
        {
            User = options.SentinelUser,
            Password = options.SentinelPassword,
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ConnectTimeout = options.Data.ConnectTimeout,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
            ClientName = options.Data.ClientName,
            Ssl = options.Data.Ssl,
        };
        foreach (var sentinel in options.Sentinels)
        {
            configuration.EndPoints.Add(sentinel);
        }
        var connection = await ConnectionMultiplexer.SentinelConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        var master = new SentinelMaster(connection, options);
        try
        {
            if (await master.PrimaryAsync().ConfigureAwait(false) is null)
            {
                throw new RedisSetupException($"no sentinel at {master.Describe()} knows a master named '{options.MasterName}'");
            }
        }
        catch
        {
            await master.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return master;
    }

    /// <summary>
    /// The primary's address (HOST:PORT) by SENTINEL GET-MASTER-ADDR-BY-NAME, asked of every connected sentinel:
    /// the address most of them name (mid-failover they can disagree for a moment). Null when none answers.
    /// </summary>
    public async Task<string?> PrimaryAsync()
    {
        var answers = await AskEveryAsync(async s => await s.SentinelGetMasterAddressByNameAsync(_options.MasterName).ConfigureAwait(false)).ConfigureAwait(false);
        return answers
            .Where(a => a is not null)
            .Select(a => StoreNodes.Name(a!))
            .GroupBy(a => a, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
    }

    /// <summary>
    /// The replicas the first answering sentinel lists (SENTINEL REPLICAS), HOST:PORT, without the ones it flags down
    /// or disconnected (a killed primary stays listed as a replica of its successor); empty when none answers.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReplicasAsync()
    {
        var answers = await AskEveryAsync<KeyValuePair<string, string>[][]>(
            async s => await s.SentinelReplicasAsync(_options.MasterName).ConfigureAwait(false)).ConfigureAwait(false);
        var first = answers.FirstOrDefault(a => a is not null) ?? [];
        return [.. first.Select(Field.Of).Where(f => f.Up).Select(f => f.Endpoint).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// A connection to the data deployment: the primary and replicas the sentinels name now, with the data nodes'
    /// credentials (the library follows roles; StreamDrift's own topology look asks the sentinels). The caller disposes it.
    /// </summary>
    public async Task<ConnectionMultiplexer> ConnectDataAsync(CancellationToken cancellationToken = default)
    {
        var primary = await PrimaryAsync().ConfigureAwait(false)
            ?? throw StoreNodes.Unavailable($"no sentinel at {Describe()} answered for master '{MasterName}'");
        var configuration = _options.Data.Clone();
        configuration.EndPoints.Clear();
        configuration.EndPoints.Add(primary);
        foreach (var replica in await ReplicasAsync().ConfigureAwait(false))
        {
            configuration.EndPoints.Add(replica);
        }
        return await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A connection of StreamDrift's own to one data node (its commands and its keyspace subscription go to that
    /// node and no other): it connects in the background when the node is down now (AbortOnConnectFail off).
    /// </summary>
    internal Task<ConnectionMultiplexer> ConnectNodeAsync(string endpoint)
    {
        var configuration = _options.Data.Clone();
        configuration.EndPoints.Clear();
        configuration.EndPoints.Add(endpoint);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName = NodeClientName;
        // A dead node must not hold a reconcile or a barrier for long: the next topology look moves on.
        configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 5000);
        configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 5000);
        // Neither is needed, and the least-privilege ACL allows neither.
        configuration.ConfigurationChannel = "";
        configuration.TieBreaker = "";
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }

    private async Task<T?[]> AskEveryAsync<T>(Func<IServer, Task<T?>> ask)
        where T : class
    {
        var servers = _sentinels.GetServers().Where(s => s.IsConnected).ToArray();
        var answers = new T?[servers.Length];
        for (var i = 0; i < servers.Length; i++)
        {
            try
            {
                answers[i] = await ask(servers[i]).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // One sentinel down or mid-restart: the others answer.
            }
        }
        return answers;
    }

    public async ValueTask DisposeAsync() => await _sentinels.DisposeAsync().ConfigureAwait(false);

    // One replica of SENTINEL REPLICAS: its address and whether the sentinel believes it is up.
    private readonly record struct Field(string Endpoint, bool Up)
    {
        public static Field Of(KeyValuePair<string, string>[] fields)
        {
            string ip = "", port = "", flags = "";
            foreach (var (key, value) in fields)
            {
                switch (key)
                {
                    case "ip":
                        ip = value;
                        break;
                    case "port":
                        port = value;
                        break;
                    case "flags":
                        flags = value;
                        break;
                }
            }
            var down = flags.Contains("s_down", StringComparison.Ordinal) || flags.Contains("o_down", StringComparison.Ordinal)
                || flags.Contains("disconnected", StringComparison.Ordinal);
            return new Field($"{ip}:{port}", !down && ip.Length > 0);
        }
    }
}
