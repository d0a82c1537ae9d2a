using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace StreamDrift.Cli.Web;

/// <summary>
/// What the HTTP endpoint grants a client. The port faces a monitoring network at best and a hostile one
/// at worst: a client that connects and never finishes its request, or keeps an idle connection, must not
/// hold a socket for long, and no number of clients may exhaust the process' file descriptors.
/// </summary>
internal static class WebLimits
{
    /// <summary>Connections at once (scrapers, health probes, open cards); more are refused until one closes.</summary>
    public const int MaxConnections = 64;

    /// <summary>Open cards (server-sent event streams) at once: each holds a connection for as long as it is open.</summary>
    public const int MaxEventStreams = 16;

    /// <summary>Time a client has to send its whole request line and headers (a half-sent request is closed after it).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Time an idle keep-alive connection is kept between requests (Prometheus scrapes every 15 s or more).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an open card stream gets a comment line when nothing changed, so proxies do not cut it and a
    /// vanished browser is noticed by the failed write.
    /// </summary>
    public static readonly TimeSpan EventStreamHeartbeat = TimeSpan.FromSeconds(15);

    public static void ApplyTo(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxConcurrentConnections = MaxConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        // No route takes a body (the one POST, accept-level, carries its store in the path), so a slow or large one is refused early.
        limits.MaxRequestBodySize = 0;
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestLineSize = 4 * 1024;
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
    }
}
