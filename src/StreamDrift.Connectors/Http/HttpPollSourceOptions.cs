using StreamDrift.Core.Options;

namespace StreamDrift.Connectors.Http;

/// <summary>Settings of an HTTP endpoint polled for active-user samples (a JSON object or an array of them).</summary>
public sealed record HttpPollSourceOptions
{
    /// <summary>The absolute http(s) URL to GET. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>Time between polls. Default 30 s; at least 1 s (connectors refresh their counts every 30-60 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit of one request, connect to last byte. Default 10 s; positive and at most <see cref="Interval"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Name of the optional auth header. Default <c>Authorization</c> (e.g. <c>X-Shopify-Access-Token</c> for a shop token).</summary>
    public string AuthHeaderName { get; init; } = "Authorization";

    /// <summary>Value of the auth header (e.g. <c>Bearer …</c>); null (default) sends none. Never logged.</summary>
    public string? AuthHeaderValue { get; init; }

    /// <summary>Bodies larger than this are refused. Default 4 MiB; at least 1 KiB.</summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(Url is { IsAbsoluteUri: true } && (Url.Scheme == Uri.UriSchemeHttp || Url.Scheme == Uri.UriSchemeHttps), nameof(HttpPollSourceOptions), nameof(Url), "must be an absolute http or https URL");
        OptionGuard.Require(Interval >= TimeSpan.FromSeconds(1), nameof(HttpPollSourceOptions), nameof(Interval), "must be at least 1 s");
        OptionGuard.Require(Timeout > TimeSpan.Zero && Timeout <= Interval, nameof(HttpPollSourceOptions), nameof(Timeout), "must be positive and at most Interval");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(AuthHeaderName), nameof(HttpPollSourceOptions), nameof(AuthHeaderName), "must not be empty");
        OptionGuard.Require(MaxBodyBytes >= 1024, nameof(HttpPollSourceOptions), nameof(MaxBodyBytes), "must be at least 1024");
    }

}
