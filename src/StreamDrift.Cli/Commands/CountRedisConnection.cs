using StackExchange.Redis;
using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Commands;

/// <summary>How the count and watch commands reach Redis from a <c>--redis</c> value.</summary>
internal static class CountRedisConnection
{
    /// <summary>
    /// HOST:PORT values (or StackExchange.Redis configuration strings), several for a cluster's seeds. Fails fast: an operator at a prompt wants
    /// an answer, not retries. allowAdmin is needed by watch mode for CONFIG.
    /// </summary>
    public static ConfigurationOptions Configure(IReadOnlyList<string> endpoints)
    {
        // The library reads several comma-separated endpoints (and options such as user= and password=) as one.
        var redis = string.Join(",", endpoints);
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(redis);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"count: --redis '{SecretRedaction.Redact(redis)}' is not HOST:PORT ({SecretRedaction.Redact(e.Message.ReplaceLineEndings(" "))})");
        }
        if (configuration.EndPoints.Count == 0)
        {
            throw new UsageException($"count: --redis '{SecretRedaction.Redact(redis)}' is not HOST:PORT");
        }
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 1;
        configuration.ConnectTimeout = 5000;
        configuration.SyncTimeout = 30_000;
        configuration.AsyncTimeout = 30_000;
        configuration.AllowAdmin = true;
        return configuration;
    }

    /// <summary>The endpoints only: never the password of a configuration string.</summary>
    public static string Describe(ConfigurationOptions configuration) =>
        string.Join(",", configuration.EndPoints.Select(EndPointCollection.ToString));
}
