using System.Globalization;

namespace StreamDrift.Cli.Configuration;

/// <summary>Typed readers: each returns the default when the key is absent and throws naming the key otherwise.</summary>
internal sealed partial class OptionsReader
{
    private TimeSpan Span(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var raw = Value(key);
        if (raw is null)
        {
            return fallback;
        }
        if (!Duration.TryParse(raw, out var value))
        {
            throw Invalid(key, raw, "must be a duration such as 500ms, 2s, 5m or 1h");
        }
        return value >= min && value <= max
            ? value
            : throw Invalid(key, raw, $"must be between {Duration.Format(min)} and {Duration.Format(max)}");
    }

    private int Int(string key, int fallback, int min, int max) => (int)(OptionalInt(key, min, max) ?? fallback);

    private long? OptionalInt(string key, long min, long max)
    {
        var raw = Value(key);
        if (raw is null)
        {
            return null;
        }
        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Invalid(key, raw, $"must be an integer between {min} and {max}");
        }
        return value;
    }

    private double? OptionalDouble(string key, double min, double max)
    {
        var raw = Value(key);
        if (raw is null)
        {
            return null;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw Invalid(key, raw, $"must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        }
        return value;
    }

    private string OneOf(string key, string fallback, string[] allowed)
    {
        var raw = Value(key);
        if (raw is null)
        {
            return fallback;
        }
        foreach (var candidate in allowed)
        {
            if (candidate.Equals(raw, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
        throw Invalid(key, raw, $"must be one of {string.Join(", ", allowed)}");
    }

    private string? Path(string key)
    {
        var raw = Value(key);
        return raw is null || raw.IndexOfAny(System.IO.Path.GetInvalidPathChars()) < 0 ? raw : throw Invalid(key, raw, "must be a file path");
    }

    private string Topic(string key, string fallback)
    {
        var raw = Value(key) ?? fallback;
        return TopicPattern().IsMatch(raw) ? raw : throw Invalid(key, raw, "must be 1 to 249 characters of a-z A-Z 0-9 . _ -");
    }

    private List<string> Endpoints(string key, List<string> fallback)
    {
        var list = List(key) ?? fallback;
        foreach (var endpoint in list)
        {
            if (!IsEndpoint(endpoint))
            {
                throw Invalid(key, endpoint, "must be HOST:PORT");
            }
        }
        return list.Count > 0 ? list : throw Invalid(key, "", "at least one endpoint is required");
    }

    private List<string> Prefixes(string key, IReadOnlyList<string>? layoutPrefixes)
    {
        var list = List(key) ?? [.. layoutPrefixes ?? ["sess:"]];
        if (list.Count is 0 or > 16)
        {
            throw Invalid(key, string.Join(",", list), "must list 1 to 16 prefixes");
        }
        foreach (var prefix in list)
        {
            // The prefix becomes a SCAN MATCH and PSUBSCRIBE pattern: a glob character would widen it silently.
            if (prefix.Length > 256 || prefix.AsSpan().IndexOfAny("*?[]\\") >= 0)
            {
                throw Invalid(key, prefix, "must be at most 256 characters without * ? [ ] or \\");
            }
        }
        return list;
    }

    private static bool IsEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && IsHost(text.AsSpan(0, colon))
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535;
    }

    /// <summary>A host name, an IPv4 address or a bracketed IPv6 address: not a URL or a configuration string (which may carry a password).</summary>
    private static bool IsHost(ReadOnlySpan<char> host) =>
        host.Length >= 3 && host[0] == '[' && host[^1] == ']'
            ? !host[1..^1].ContainsAnyExcept(HexDigitsAndColons)
            : !host.ContainsAnyExcept(HostNameChars);

    private static readonly System.Buffers.SearchValues<char> HostNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    private static readonly System.Buffers.SearchValues<char> HexDigitsAndColons =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    [System.Text.RegularExpressions.GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial System.Text.RegularExpressions.Regex TopicPattern();
}
