using StreamDrift.Core.Detection;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Reads and validates <see cref="StreamDriftOptions"/> once, at start. The first bad value stops the run
/// with one line naming the setting, the value and the rule (<see cref="UsageException"/>, exit 2).
/// Durations use <see cref="Duration"/>'s grammar, which the .NET binder does not speak, so the reading
/// is explicit rather than bound.
/// </summary>
internal sealed partial class OptionsReader
{
    private readonly IConfigurationRoot _root;
    private readonly UsersSource? _usersFallback;

    private OptionsReader(IConfigurationRoot root, UsersSource? usersFallback)
    {
        _root = root;
        _usersFallback = usersFallback;
    }

    /// <param name="root">The layered configuration.</param>
    /// <param name="usersFallback">The users source of a store that names none (replay: the recording);
    /// null makes <c>Users</c> required, as in <c>run</c>.</param>
    public static StreamDriftOptions Read(IConfigurationRoot root, UsersSource? usersFallback = null) =>
        new OptionsReader(root, usersFallback).ReadAll();

    private StreamDriftOptions ReadAll()
    {
        KnownKeys.Check(_root);
        var stores = new List<StoreOptions>();
        foreach (var index in StoreIndices())
        {
            var store = ReadStore($"Stores:{index}");
            foreach (var other in stores)
            {
                if (string.Equals(other.Id, store.Id, StringComparison.Ordinal))
                {
                    throw Invalid($"Stores:{index}:Id", store.Id, "duplicate store id");
                }
            }
            stores.Add(store);
        }
        if (stores.Count == 0)
        {
            throw Invalid("Stores", "", "at least one store is required (give --users, or Stores in --config)");
        }

        var (kafka, bootstrap) = ReadKafka();
        var instance = Value("Instance") ?? Environment.MachineName;
        if (!StoreIdPattern().IsMatch(instance))
        {
            throw Invalid("Instance", instance, "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }

        return new StreamDriftOptions
        {
            Stores = stores,
            Kafka = kafka,
            KafkaBootstrap = bootstrap,
            Topics = new TopicOptions
            {
                Observations = Topic("Topics:Observations", new TopicOptions().Observations),
                Alerts = Topic("Topics:Alerts", new TopicOptions().Alerts),
                Rejected = Topic("Topics:Rejected", new TopicOptions().Rejected),
            },
            SinkPath = ReadSink(),
            RecordPath = Path("Record"),
            MetricsPort = Int("MetricsPort", 9464, 0, 65535),
            MetricsBind = ReadBind(),
            LogFormat = OneOf("LogFormat", "text", ["text", "json"]),
            Group = ReadGroup(stores, kafka),
            Instance = instance,
        };
    }

    /// <summary>
    /// The group needs brokers the instances share and one active-users topic for all stores: the partition
    /// a store's samples land on is what assigns the store.
    /// </summary>
    private GroupOptions? ReadGroup(List<StoreOptions> stores, KafkaMode kafka)
    {
        var id = Value("Group");
        if (id is null)
        {
            return null;
        }

        if (!StoreIdPattern().IsMatch(id))
        {
            throw Invalid("Group", id, "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }

        if (kafka != KafkaMode.Brokers)
        {
            throw Invalid("Group", id, "needs Kafka brokers the instances share (--kafka HOST:PORT), not embedded or none");
        }

        var topic = stores[0].Users.Kind == UsersSourceKind.Kafka ? stores[0].Users.Target : null;
        for (var i = 0; i < stores.Count; i++)
        {
            if (stores[i].Users.Kind != UsersSourceKind.Kafka || stores[i].Users.Target != topic)
            {
                throw Invalid($"Stores:{i}:Users", stores[i].Users.ToString(), $"with Group every store reads one Kafka topic ({(topic is null ? "kafka:TOPIC" : "kafka:" + topic)})");
            }
        }

        return new GroupOptions
        {
            Id = id,
            Topic = topic!,
            SessionTimeout = Span("GroupSessionTimeout", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
        };
    }

    private StoreOptions ReadStore(string p)
    {
        var id = Value($"{p}:Id") ?? "default";
        if (!StoreIdPattern().IsMatch(id))
        {
            throw Invalid($"{p}:Id", id, "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        var users = Value($"{p}:Users");
        var source = _usersFallback;
        if ((users is not null || source is null) && !UsersSource.TryParse(users, out source))
        {
            throw Invalid($"{p}:Users", users ?? "", $"must be {UsersSource.Expected}");
        }
        var layout = ReadLayout($"{p}:Layout");
        var prefixes = Prefixes($"{p}:Prefixes", layout?.Prefixes);
        var exclusions = Exclusions($"{p}:Exclude", layout, prefixes);
        return new StoreOptions
        {
            Id = id,
            Layout = layout?.Name,
            Exclusions = exclusions,
            SessionIdLength = layout?.IdLength ?? 0,
            Redis = Endpoints($"{p}:Redis", ["127.0.0.1:6379"]),
            RedisUser = Value($"{p}:RedisUser"),
            RedisPassword = Value($"{p}:RedisPassword"),
            SentinelMaster = SentinelMasterName($"{p}:SentinelMaster"),
            SentinelUser = Value($"{p}:SentinelUser"),
            SentinelPassword = Value($"{p}:SentinelPassword"),
            Db = Int($"{p}:Db", 0, 0, 255),
            Prefixes = prefixes,
            SessionTtl = Span($"{p}:SessionTtl", TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            Users = source!,
            Window = Span($"{p}:Window", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            Grace = Span($"{p}:Grace", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            ReconcileEvery = Span($"{p}:ReconcileEvery", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromHours(24)),
            StaleAfter = Span($"{p}:StaleAfter", TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            Sensitivity = ReadSensitivity($"{p}:Sensitivity"),
        };
    }

    private SensitivityOptions ReadSensitivity(string s)
    {
        // "Sensitivity": "high" in JSON is the short form of "Sensitivity": { "Level": "high" }.
        var levelKey = Value($"{s}:Level") is not null ? $"{s}:Level" : s;
        var level = OneOf(levelKey, "medium", ["low", "medium", "high"]);
        return new SensitivityOptions
        {
            Level = Enum.Parse<Sensitivity>(level, ignoreCase: true),
            MinRobustZ = OptionalDouble($"{s}:MinRobustZ", 0.5, 50),
            MinAbsoluteKeys = OptionalInt($"{s}:MinAbsoluteKeys", 0, 10_000_000),
            MinRelative = OptionalDouble($"{s}:MinRelative", 0, 10),
            SustainedWindows = OptionalInt($"{s}:SustainedWindows", 1, 100) is { } w ? (int)w : null,
            CorroboratedWindows = OptionalInt($"{s}:CorroboratedWindows", 1, 100) is { } c ? (int)c : null,
            ResolveWindows = OptionalInt($"{s}:ResolveWindows", 1, 100) is { } r ? (int)r : null,
        };
    }

    private (KafkaMode, string) ReadKafka()
    {
        var raw = Value("Kafka");
        if (raw is null)
        {
            return (KafkaMode.Brokers, "localhost:9092");
        }
        if (raw.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return (KafkaMode.None, "");
        }
        if (raw.Equals("embedded", StringComparison.OrdinalIgnoreCase))
        {
            return (KafkaMode.Embedded, "");
        }
        foreach (var server in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!IsEndpoint(server))
            {
                throw Invalid("Kafka", raw, "must be HOST:PORT[,HOST:PORT...], embedded or none");
            }
        }
        return (KafkaMode.Brokers, raw);
    }

    private string? ReadSink()
    {
        var raw = Value("Sink");
        if (raw is null)
        {
            return null;
        }
        if (!raw.StartsWith("jsonl:", StringComparison.Ordinal) || raw.Length == "jsonl:".Length)
        {
            throw Invalid("Sink", raw, "must be jsonl:PATH");
        }
        return raw["jsonl:".Length..];
    }

    private string ReadBind()
    {
        var raw = Value("MetricsBind") ?? "127.0.0.1";
        return raw == "localhost" || System.Net.IPAddress.TryParse(raw, out _)
            ? raw
            : throw Invalid("MetricsBind", raw, "must be an IP address or localhost");
    }

    private IEnumerable<int> StoreIndices()
    {
        var indices = new SortedSet<int>();
        foreach (var child in _root.GetSection("Stores").GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw Invalid($"Stores:{child.Key}", "", "Stores must be a list");
            }
            indices.Add(index);
        }
        return indices;
    }

    /// <summary>The setting's value, or null when no layer sets it. An empty value is refused rather than read as
    /// "not set": <c>--window ""</c> taking the default silently would run on a value nobody chose.</summary>
    // Sentinel master names are sent as one protocol argument and named in logs: printable, no spaces.
    private string? SentinelMasterName(string key) => Value(key) switch
    {
        null => null,
        var v when v.Length <= 128 && v.All(c => c > ' ' && c < (char)127) => v,
        var v => throw Invalid(key, v, "must be 1 to 128 printable characters without spaces (the name in 'sentinel monitor NAME')"),
    };

    private string? Value(string key) => _root[key] switch
    {
        null => null,
        var v when string.IsNullOrWhiteSpace(v) => throw Invalid(key, v, "must not be empty (leave it out for the default)"),
        var v => v,
    };

    private static UsageException Invalid(string key, string raw, string rule) =>
        new($"invalid setting {key} '{SecretRedaction.Redact(raw)}': {rule}");

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex StoreIdPattern();
}
