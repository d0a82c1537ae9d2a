namespace StreamDrift.Cli.Metrics;

/// <summary>Prometheus' metric and label name rule: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
internal static partial class MetricNamePattern
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
