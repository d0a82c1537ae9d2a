using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using StreamDrift.Redis.Direct;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Commands;

/// <summary>
/// The count's fast path: one standalone primary counted over shares on sockets of its own, without
/// StackExchange.Redis's multiplexer, whose connect alone costs about 150 ms of CPU (loading and compiling the
/// library's types) in a count of a few seconds. Taken only for exactly one <c>--redis HOST:PORT</c> (with at most
/// <c>user=</c> and <c>password=</c>), no TLS, Sentinel, replicas or watch, shares asked for, and a server
/// <see cref="DirectServer"/> finds fit; anything else, or any failure before the count is printed, gives null
/// and the caller counts through the library, which reports errors as it always has.
/// </summary>
internal static class CountDirect
{
    /// <summary>The exit code when the count ran here, or null to take the library's path.</summary>
    public static async Task<int?> TryRunAsync(CountOptions options, TextWriter output)
    {
        if (Endpoint(options) is not { } endpoint)
        {
            return null;
        }
        var rules = options.Rules();
        var (source, _) = await DirectServer.OpenAsync(
            endpoint.Host, endpoint.Port, endpoint.User, endpoint.Password, options.Database, options.Shares, rules).ConfigureAwait(false);
        if (source is null)
        {
            return null;
        }
        using (source)
        {
            var stopwatch = Stopwatch.StartNew();
            ServerCount result;
            try
            {
                result = await ServerKeyCounter.CountAsync(source, rules.Prefixes, options.PageSize, options.Shares).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or RespErrorException or OperationCanceledException)
            {
                // Nothing printed yet: the library's path counts again from the start, or says what is wrong.
                return null;
            }
            stopwatch.Stop();
            if (!options.Json)
            {
                await output.WriteLineAsync(result.Keys.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return ExitCode.Ok;
            }
            var node = new CountJson.Node(endpoint.Name, "primary", endpoint.Name, null);
            await output.WriteLineAsync(CountJson.Format([node], [result], rules.Prefixes, options, stopwatch.Elapsed)).ConfigureAwait(false);
            return ExitCode.Ok;
        }
    }

    // The one endpoint and credentials when the options allow the fast path, else null.
    private static DirectEndpoint? Endpoint(CountOptions options)
    {
        if (options.Redis.Count != 1 || options.SentinelMaster is not null || options.Replicas || options.Watch is not null || options.Shares < 2)
        {
            return null;
        }
        var parts = options.Redis[0].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }
        string? user = null, password = null;
        foreach (var part in parts.AsSpan(1))
        {
            if (part.StartsWith("user=", StringComparison.OrdinalIgnoreCase))
            {
                user = part["user=".Length..];
            }
            else if (part.StartsWith("password=", StringComparison.OrdinalIgnoreCase))
            {
                password = part["password=".Length..];
            }
            else
            {
                // TLS, several endpoints, a service name, timeouts...: the library's own business.
                return null;
            }
        }
        var colon = parts[0].LastIndexOf(':');
        if (colon < 1 || parts[0].IndexOf(':', StringComparison.Ordinal) != colon || parts[0].Contains('=', StringComparison.Ordinal)
            || !int.TryParse(parts[0].AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }
        var host = parts[0][..colon];
        return new DirectEndpoint(host, port, string.IsNullOrEmpty(user) ? null : user, string.IsNullOrEmpty(password) ? null : password, parts[0]);
    }

    private sealed record DirectEndpoint(string Host, int Port, string? User, string? Password, string Name);
}
