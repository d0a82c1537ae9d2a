using StreamDrift.Core.Detection;
using System.Collections;
using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Tests.Configuration;

public class OptionsReaderTests
{
    private const string TwoStores = """
        {
          "Kafka": "broker-1:9092,broker-2:9092",
          "Stores": [
            { "Id": "eu", "Redis": ["10.0.0.1:6379"], "Db": 2, "Prefixes": ["sess:", "PHPREDIS_SESSION:", "cart:"],
              "Users": "kafka:users.eu", "Window": "2m", "Sensitivity": "low" },
            { "Id": "us", "Redis": "10.0.0.2:6379,10.0.0.3:6379", "Users": "http:https://shop.example/active", "Window": "30s",
              "Sensitivity": { "Level": "high", "SustainedWindows": 5, "CorroboratedWindows": 4 } }
          ]
        }
        """;

    private static StreamDriftOptions Load(string[] args, IDictionary? environment = null) =>
        RunOptionsLoader.Load(FlagParser.Parse("run", args, RunFlags.Specs), environment ?? new Hashtable());

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = Load(["--users", "sim"]);

        var store = Assert.Single(options.Stores);
        Assert.Equal("default", store.Id);
        Assert.Equal(["127.0.0.1:6379"], store.Redis);
        Assert.Equal(0, store.Db);
        Assert.Equal(["sess:"], store.Prefixes);
        Assert.Equal(TimeSpan.FromMinutes(30), store.SessionTtl);
        Assert.Equal(TimeSpan.FromSeconds(60), store.Window);
        Assert.Equal(TimeSpan.FromSeconds(30), store.Grace);
        Assert.Equal(TimeSpan.FromMinutes(5), store.ReconcileEvery);
        Assert.Equal(TimeSpan.FromMinutes(3), store.StaleAfter);
        Assert.Equal(Sensitivity.Medium, store.Sensitivity.Level);
        Assert.Equal(UsersSourceKind.Simulator, store.Users.Kind);
        Assert.Equal(KafkaMode.Brokers, options.Kafka);
        Assert.Equal("localhost:9092", options.KafkaBootstrap);
        Assert.Equal(9464, options.MetricsPort);
        Assert.Equal("127.0.0.1", options.MetricsBind); // nothing outside the host reaches the port unless the operator says so
        Assert.Null(options.SinkPath);
        Assert.Null(options.RecordPath);
    }

    [Fact]
    public void ConfigFile_DescribesSeveralStores()
    {
        using var file = new ConfigFile(TwoStores);

        var options = Load(["--config", file.Path]);

        Assert.Equal(["eu", "us"], options.Stores.Select(s => s.Id));
        Assert.Equal(["sess:", "PHPREDIS_SESSION:", "cart:"], options.Stores[0].Prefixes);
        Assert.Equal(2, options.Stores[0].Db);
        Assert.Equal(new UsersSource(UsersSourceKind.Kafka, "users.eu"), options.Stores[0].Users);
        Assert.Equal(Sensitivity.Low, options.Stores[0].Sensitivity.Level);
        Assert.Equal(["10.0.0.2:6379", "10.0.0.3:6379"], options.Stores[1].Redis);
        Assert.Equal(new UsersSource(UsersSourceKind.Http, "https://shop.example/active"), options.Stores[1].Users);
        Assert.Equal(Sensitivity.High, options.Stores[1].Sensitivity.Level);
        Assert.Equal(5, options.Stores[1].Sensitivity.SustainedWindows);
        Assert.Equal(4, options.Stores[1].Sensitivity.CorroboratedWindows);
        Assert.Equal(4, StoreJudging.Detector(options.Stores[1].Sensitivity).CorroboratedWindows);
        Assert.Equal(3, StoreJudging.Detector(options.Stores[0].Sensitivity).CorroboratedWindows); // the low preset
        Assert.Equal("broker-1:9092,broker-2:9092", options.KafkaBootstrap);
    }

    [Fact]
    public void Precedence_FlagsOverEnvironmentOverFile()
    {
        using var file = new ConfigFile(TwoStores);
        var environment = new Hashtable
        {
            ["STREAMDRIFT_Stores__0__Window"] = "10s",
            ["STREAMDRIFT_Stores__0__Grace"] = "5s",
            ["STREAMDRIFT_KAFKA"] = "none",
            ["OTHER_VARIABLE"] = "ignored",
        };

        var options = Load(["--config", file.Path, "--window", "3s"], environment);

        Assert.Equal(TimeSpan.FromSeconds(3), options.Stores[0].Window);   // flag beats variable and file
        Assert.Equal(TimeSpan.FromSeconds(5), options.Stores[0].Grace);    // variable beats default
        Assert.Equal(KafkaMode.None, options.Kafka);                      // variable beats file
        Assert.Equal(TimeSpan.FromSeconds(30), options.Stores[1].Window);  // file beats default, untouched by flags
        Assert.Equal(2, options.Stores[0].Db);                            // file only
    }

    [Fact]
    public void RepeatedPrefixFlags_ReplaceTheFilesListWhole()
    {
        using var file = new ConfigFile(TwoStores);

        var options = Load(["--config", file.Path, "--prefix", "s1:", "--prefix", "s2:"]);

        Assert.Equal(["s1:", "s2:"], options.Stores[0].Prefixes);
    }

    [Fact]
    public void EnvironmentList_AsCommaSeparatedValue_ReplacesTheFilesList()
    {
        using var file = new ConfigFile(TwoStores);

        var options = Load(["--config", file.Path], new Hashtable { ["STREAMDRIFT_STORES__0__PREFIXES"] = "x:, y:" });

        Assert.Equal(["x:", "y:"], options.Stores[0].Prefixes);
    }

    [Theory]
    [InlineData(new[] { "--users", "sim", "--window", "0s" }, "invalid setting Stores:0:Window '0s': must be between 1s and 1h")]
    [InlineData(new[] { "--users", "sim", "--window", "2h" }, "invalid setting Stores:0:Window '2h': must be between 1s and 1h")]
    [InlineData(new[] { "--users", "sim", "--window", "fast" }, "invalid setting Stores:0:Window 'fast': must be a duration such as 500ms, 2s, 5m or 1h")]
    [InlineData(new[] { "--users", "sim", "--grace", "11m" }, "invalid setting Stores:0:Grace '11m': must be between 0s and 10m")]
    [InlineData(new[] { "--users", "sim", "--reconcile-every", "500ms" }, "invalid setting Stores:0:ReconcileEvery '500ms': must be between 1s and 1d")]
    [InlineData(new[] { "--users", "sim", "--session-ttl", "31d" }, "invalid setting Stores:0:SessionTtl '31d': must be between 1s and 30d")]
    [InlineData(new[] { "--users", "sim", "--stale-after", "0s" }, "invalid setting Stores:0:StaleAfter '0s': must be between 1s and 1h")]
    [InlineData(new[] { "--users", "sim", "--db", "-1" }, "invalid setting Stores:0:Db '-1': must be an integer between 0 and 255")]
    [InlineData(new[] { "--users", "sim", "--redis", "localhost" }, "invalid setting Stores:0:Redis 'localhost': must be HOST:PORT")]
    [InlineData(new[] { "--users", "sim", "--redis", "h:70000" }, "invalid setting Stores:0:Redis 'h:70000': must be HOST:PORT")]
    [InlineData(new[] { "--users", "sim", "--prefix", "sess:*" }, "invalid setting Stores:0:Prefixes 'sess:*': must be at most 256 characters without * ? [ ] or \\")]
    [InlineData(new[] { "--users", "sim", "--store", "a b" }, "invalid setting Stores:0:Id 'a b': must be 1 to 64 letters, digits, '.', '_' or '-'")]
    [InlineData(new[] { "--users", "ftp:x" }, "invalid setting Stores:0:Users 'ftp:x': must be kafka:TOPIC, http:URL, file:PATH or sim")]
    [InlineData(new[] { "--users", "http:not-a-url" }, "invalid setting Stores:0:Users 'http:not-a-url': must be kafka:TOPIC, http:URL, file:PATH or sim")]
    [InlineData(new[] { "--window", "5s" }, "invalid setting Stores:0:Users '': must be kafka:TOPIC, http:URL, file:PATH or sim")]
    [InlineData(new[] { "--users", "sim", "--sensitivity", "extreme" }, "invalid setting Stores:0:Sensitivity:Level 'extreme': must be one of low, medium, high")]
    [InlineData(new[] { "--users", "sim", "--kafka", "somewhere" }, "invalid setting Kafka 'somewhere': must be HOST:PORT[,HOST:PORT...], embedded or none")]
    [InlineData(new[] { "--users", "sim", "--sink", "csv:out.csv" }, "invalid setting Sink 'csv:out.csv': must be jsonl:PATH")]
    [InlineData(new[] { "--users", "sim", "--metrics-port", "65536" }, "invalid setting MetricsPort '65536': must be an integer between 0 and 65535")]
    [InlineData(new[] { "--users", "sim", "--log-format", "xml" }, "invalid setting LogFormat 'xml': must be one of text, json")]
    public void Validation_NamesTheSettingTheValueAndTheRule(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Load(args));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Validation_RejectsDuplicateStoreIds()
    {
        using var file = new ConfigFile("""{ "Stores": [ { "Id": "a", "Users": "sim" }, { "Id": "a", "Users": "sim" } ] }""");
        var e = Assert.Throws<UsageException>(() => Load(["--config", file.Path]));
        Assert.Equal("invalid setting Stores:1:Id 'a': duplicate store id", e.Message);
    }

    [Fact]
    public void Validation_RejectsOutOfRangeSensitivityOverride()
    {
        using var file = new ConfigFile("""{ "Stores": [ { "Users": "sim", "Sensitivity": { "MinRobustZ": 0.1 } } ] }""");
        var e = Assert.Throws<UsageException>(() => Load(["--config", file.Path]));
        Assert.Equal("invalid setting Stores:0:Sensitivity:MinRobustZ '0.1': must be a number between 0.5 and 50", e.Message);
    }

    [Fact]
    public void UnknownSetting_InFileOrEnvironment_IsAnError()
    {
        using var file = new ConfigFile("""{ "Stores": [ { "Users": "sim", "Windw": "5s" } ] }""");
        var fromFile = Assert.Throws<UsageException>(() => Load(["--config", file.Path]));
        var fromEnvironment = Assert.Throws<UsageException>(() => Load(["--users", "sim"], new Hashtable { ["STREAMDRIFT_METRICS"] = "1" }));

        Assert.StartsWith("unknown setting Stores:0:Windw", fromFile.Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown setting METRICS", fromEnvironment.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrMalformedConfigFile_IsAnError()
    {
        using var malformed = new ConfigFile("{ \"Stores\": [");
        var missing = Assert.Throws<UsageException>(() => Load(["--config", "/nonexistent/streamdrift.json"]));
        var bad = Assert.Throws<UsageException>(() => Load(["--config", malformed.Path]));

        Assert.Equal("config file '/nonexistent/streamdrift.json' not found", missing.Message);
        Assert.StartsWith($"config file '{malformed.Path}' is not valid JSON", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaModes_AndOutputs_AreRead()
    {
        var embedded = Load(["--users", "file:/data/users.jsonl", "--kafka", "embedded", "--sink", "jsonl:/tmp/out.jsonl", "--record", "/tmp/rec.jsonl", "--metrics-port", "0"]);

        Assert.Equal(KafkaMode.Embedded, embedded.Kafka);
        Assert.Equal("/tmp/out.jsonl", embedded.SinkPath);
        Assert.Equal("/tmp/rec.jsonl", embedded.RecordPath);
        Assert.Equal(0, embedded.MetricsPort);
        Assert.Equal(new UsersSource(UsersSourceKind.File, "/data/users.jsonl"), embedded.Stores[0].Users);
    }
}
