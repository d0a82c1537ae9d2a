using Microsoft.Extensions.Configuration;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Rejects settings StreamDrift does not know (<c>Stores:0:Windw</c>): a typo ignored would run on a
/// default nobody chose. List indices are compared as <c>*</c>.
/// </summary>
internal static class KnownKeys
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "Stores", "Stores:*:Id", "Stores:*:Redis", "Stores:*:Redis:*", "Stores:*:RedisUser", "Stores:*:RedisPassword",
        "Stores:*:SentinelMaster", "Stores:*:SentinelUser", "Stores:*:SentinelPassword",
        "Stores:*:Db", "Stores:*:Prefixes", "Stores:*:Prefixes:*", "Stores:*:SessionTtl", "Stores:*:Users",
        "Stores:*:Layout", "Stores:*:Exclude", "Stores:*:Exclude:*",
        "Stores:*:Window", "Stores:*:Grace", "Stores:*:ReconcileEvery", "Stores:*:StaleAfter",
        "Stores:*:Sensitivity", "Stores:*:Sensitivity:Level", "Stores:*:Sensitivity:MinRobustZ",
        "Stores:*:Sensitivity:MinAbsoluteKeys", "Stores:*:Sensitivity:MinRelative",
        "Stores:*:Sensitivity:SustainedWindows", "Stores:*:Sensitivity:CorroboratedWindows", "Stores:*:Sensitivity:ResolveWindows",
        "Kafka", "Topics:Observations", "Topics:Alerts", "Topics:Rejected",
        "Sink", "Record", "MetricsPort", "MetricsBind", "LogFormat", "Group", "GroupSessionTimeout", "Instance",
    };

    /// <summary>Every setting, list indices as <c>*</c> (the README's reference is checked against it).</summary>
    public static IReadOnlyCollection<string> All => Known;

    public static void Check(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i].Length > 0 && segments[i].All(char.IsAsciiDigit))
                {
                    segments[i] = "*";
                }
            }
            if (!Known.Contains(string.Join(ConfigurationPath.KeyDelimiter, segments)))
            {
                throw new UsageException($"unknown setting {key} (from --config or a STREAMDRIFT_ variable)");
            }
        }
    }
}
