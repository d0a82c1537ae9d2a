namespace StreamDrift.Cli.Configuration;

/// <summary>
/// The flags of <c>streamdrift run</c> and the configuration keys they set. Store-level flags address the
/// first store (<c>Stores:0</c>), which is all a single-store run has.
/// </summary>
internal static class RunFlags
{
    public const string Config = "config";

    public static readonly IReadOnlyList<FlagSpec> Specs =
    [
        new(Config, null, "JSON configuration file (lowest precedence; then STREAMDRIFT_* variables, then flags)"),
        new("store", "Stores:0:Id", "store id: Kafka record key and metrics label (default: default)"),
        new("redis", "Stores:0:Redis", "Redis endpoint HOST:PORT (default: 127.0.0.1:6379)", Repeatable: true),
        new("sentinel-master", "Stores:0:SentinelMaster", "Sentinel: the master's name; the --redis endpoints are then its sentinels"),
        new("db", "Stores:0:Db", "logical DB of the sessions (default: 0)"),
        new("prefix", "Stores:0:Prefixes", "session key prefix (default: sess:, or the layout's)", Repeatable: true),
        new("layout", "Stores:0:Layout", "session layout: express, php, magento, spring, django, rails or laravel"),
        new("exclude", "Stores:0:Exclude", "glob of keys under the prefix that are not sessions", Repeatable: true),
        new("session-ttl", "Stores:0:SessionTtl", "the storefront's session timeout (default: 30m)"),
        new("users", "Stores:0:Users", "active users: kafka:TOPIC, http:URL, file:PATH or sim (required)"),
        new("kafka", "Kafka", "bootstrap servers, embedded, or none (default: localhost:9092)"),
        new("window", "Stores:0:Window", "event-time window (default: 60s)"),
        new("grace", "Stores:0:Grace", "lateness accepted after a window ends (default: 30s)"),
        new("reconcile-every", "Stores:0:ReconcileEvery", "reconcile scan period (default: 5m)"),
        new("stale-after", "Stores:0:StaleAfter", "no user sample for this long = stale (default: 3m)"),
        new("sensitivity", "Stores:0:Sensitivity:Level", "low, medium or high (default: medium)"),
        new("sink", "Sink", "also write observations and alerts to jsonl:PATH"),
        new("metrics-port", "MetricsPort", "port of /metrics and /healthz, 0 = off (default: 9464)"),
        new("record", "Record", "write a replay recording to FILE.jsonl"),
        new("log-format", "LogFormat", "text or json (default: text)"),
        new("group", "Group", "scale out: join this consumer group on the active-users topic; it assigns the stores"),
        new("group-session-timeout", "GroupSessionTimeout", "silence after which the group gives an instance's stores to others (default: 10s)"),
        new("instance", "Instance", "this instance's name in records and logs (default: the host name)"),
    ];

    /// <summary>The flag layer of the configuration: one key per flag, lists indexed in the order given.</summary>
    public static Dictionary<string, string?> ToConfiguration(ParsedFlags flags)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in Specs)
        {
            if (spec.ConfigKey is null || !flags.Has(spec.Name))
            {
                continue;
            }
            if (spec.Repeatable)
            {
                var all = flags.GetAll(spec.Name);
                for (var i = 0; i < all.Count; i++)
                {
                    values[$"{spec.ConfigKey}:{i}"] = all[i];
                }
            }
            else
            {
                values[spec.ConfigKey] = flags.Get(spec.Name);
            }
        }
        return values;
    }
}
