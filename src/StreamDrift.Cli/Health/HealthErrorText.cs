namespace StreamDrift.Cli.Health;

/// <summary>
/// What <c>/healthz</c> says of an error: a short kind from a fixed list, never the driver's text. Client
/// library messages name hosts, ports, configuration and internal state, and the page is served to whoever
/// reaches the port; the whole message is in the log, where the operator reads it.
/// </summary>
internal static class HealthErrorText
{
    private static readonly (string Needle, string Kind)[] Kinds =
    [
        ("refused", "connection refused"),
        ("timed out", "timeout"),
        ("timeout", "timeout"),
        ("noauth", "authentication failed"),
        ("wrongpass", "authentication failed"),
        ("auth", "authentication failed"),
        ("not known", "host not found"),
        ("resolve", "host not found"),
        ("readonly", "read-only replica"),
        ("reset", "connection lost"),
        ("socketfailure", "connection lost"),
        ("disconnect", "connection lost"),
        ("not possible to connect", "unreachable"),
        ("unreachable", "unreachable"),
        ("transport", "unreachable"),
    ];

    public static string? Summarize(string? error)
    {
        if (error is null)
        {
            return null;
        }
        foreach (var (needle, kind) in Kinds)
        {
            if (error.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        return "error (see the log)";
    }
}
