using StackExchange.Redis;
using StreamDrift.Redis.Sentinel;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// <c>count --sentinel-master NAME</c>: the <c>--redis</c> endpoints are the sentinels, asked for the primary
/// (and replicas) of NAME; the count then runs on the data nodes they name. The sentinels' own credentials go
/// in the same value as <c>sentinelUser=</c> and <c>sentinelPassword=</c> (redacted in every message, like
/// <c>password=</c>, which stays the data nodes').
/// </summary>
internal static class CountSentinel
{
    /// <summary>Takes <c>sentinelUser=</c> / <c>sentinelPassword=</c> out of a configuration string (the library does not know them).</summary>
    public static (string Redis, string? User, string? Password) Split(string redis)
    {
        string? user = null, password = null;
        var rest = new List<string>();
        foreach (var part in redis.Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.StartsWith("sentinelUser=", StringComparison.OrdinalIgnoreCase))
            {
                user = trimmed["sentinelUser=".Length..];
            }
            else if (trimmed.StartsWith("sentinelPassword=", StringComparison.OrdinalIgnoreCase))
            {
                password = trimmed["sentinelPassword=".Length..];
            }
            else
            {
                rest.Add(part);
            }
        }
        return (string.Join(",", rest), user, password);
    }

    /// <summary>
    /// Asks the sentinels at <paramref name="configuration"/>'s endpoints for <paramref name="master"/> and connects
    /// to the data nodes they name with the configuration's own credentials. The sentinel connection is closed
    /// before returning: a count needs one answer.
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration, string master, string? user, string? password)
    {
        var options = new SentinelMasterOptions { MasterName = master, SentinelUser = user, SentinelPassword = password, Data = configuration };
        foreach (var endpoint in configuration.EndPoints)
        {
            options.Sentinels.Add(EndPointCollection.ToString(endpoint));
        }
        await using var sentinels = await SentinelMaster.ConnectAsync(options).ConfigureAwait(false);
        return await sentinels.ConnectDataAsync().ConfigureAwait(false);
    }
}
