using System.Collections;
using System.Text.RegularExpressions;
using StreamDrift.Cli.Configuration;
using YamlDotNet.RepresentationModel;

namespace StreamDrift.Cli.Tests.Deployment;

/// <summary>
/// docker-compose.yml cannot be started here (no Docker engine), so every reference in it is checked
/// instead: images, build contexts and Dockerfiles, ports, dependencies, and the streamdrift command
/// line, which must pass the same flag parsing and validation as a real start.
/// </summary>
public partial class DockerComposeTests
{
    private static readonly YamlMappingNode Services = Load();

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? [.. ((YamlSequenceNode)value).Children.Select(c => ((YamlScalarNode)c).Value!)]
            : [];

    private static IEnumerable<string> ServiceNames => Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    [Fact]
    public void Compose_HasRedisKafkaStreamDriftAndTheStorefront()
    {
        Assert.Equal(["redis", "kafka", "streamdrift", "storefront"], ServiceNames);
    }

    [Fact]
    public void EveryService_HasAPinnedImageOrABuildWhoseFilesExist()
    {
        foreach (var name in ServiceNames)
        {
            var service = Service(name);
            var image = Scalar(service, "image");
            Assert.True(image is not null || service.Children.ContainsKey(new YamlScalarNode("build")), $"{name}: image or build");
            if (image is not null)
            {
                Assert.Matches(ImagePattern(), image);
            }
            if (service.Children.TryGetValue(new YamlScalarNode("build"), out var build))
            {
                var map = (YamlMappingNode)build;
                var context = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, Scalar(map, "context") ?? "."));
                Assert.True(Directory.Exists(context), $"{name}: build context {context}");
                var dockerfile = Path.Combine(context, Scalar(map, "dockerfile") ?? "Dockerfile");
                Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile}");
                foreach (Match project in PublishedProject().Matches(File.ReadAllText(dockerfile)))
                {
                    Assert.True(File.Exists(Path.Combine(context, project.Groups[1].Value)), $"{name}: Dockerfile publishes {project.Groups[1].Value}");
                }
            }
        }
        Assert.StartsWith("redis:7", Scalar(Service("redis"), "image"), StringComparison.Ordinal);
        Assert.StartsWith("apache/kafka:", Scalar(Service("kafka"), "image"), StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesBuiltHere_AreTheOnesTheOtherServicesUse()
    {
        var built = ServiceNames.Where(n => Service(n).Children.ContainsKey(new YamlScalarNode("build"))).Select(n => Scalar(Service(n), "image")).ToHashSet();
        Assert.Contains(Scalar(Service("storefront"), "image"), built);
    }

    [Fact]
    public void Storefront_RunsTheLoadGeneratorWithFlagsItAccepts()
    {
        var storefront = Service("storefront");
        var project = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "StreamDrift.LoadGen", "StreamDrift.LoadGen.csproj"));
        var assembly = Regex.Match(project, "<AssemblyName>([^<]+)</AssemblyName>").Groups[1].Value;
        Assert.Equal(["dotnet", $"/app/loadgen/{assembly}.dll"], Sequence(storefront, "entrypoint"));

        var program = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "StreamDrift.LoadGen", "Program.cs"));
        var flags = Sequence(storefront, "command").Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(flags);
        Assert.All(flags, flag => Assert.Contains($"case \"{flag}\":", program, StringComparison.Ordinal));
        Assert.Contains("--users-kafka", flags);
        var topic = Sequence(storefront, "command").SkipWhile(a => a != "--users-kafka").Skip(1).First().Split(':')[^1];
        Assert.Contains($"kafka:{topic}", Sequence(Service("streamdrift"), "command"));
    }

    [Fact]
    public void Ports_AreWellFormed_AndDependenciesExist()
    {
        foreach (var name in ServiceNames)
        {
            foreach (var port in Sequence(Service(name), "ports"))
            {
                var match = PortPattern().Match(port);
                Assert.True(match.Success, $"{name}: port '{port}'");
                foreach (var group in new[] { match.Groups[2], match.Groups[3] }.Where(g => g.Success))
                {
                    Assert.InRange(int.Parse(group.Value, System.Globalization.CultureInfo.InvariantCulture), 1, 65535);
                }
            }
            foreach (var dependency in Sequence(Service(name), "depends_on"))
            {
                Assert.Contains(dependency, ServiceNames);
                Assert.NotEqual(name, dependency);
            }
        }
    }

    [Fact]
    public void Redis_HasTheKeyspaceNotificationFlagsStreamDriftNeeds()
    {
        var command = Sequence(Service("redis"), "command");
        var flags = command[command.IndexOf("--notify-keyspace-events") + 1].Replace("$$", "$", StringComparison.Ordinal);
        foreach (var flag in "Kgxen$h")
        {
            Assert.Contains(flag, flags);
        }
        Assert.DoesNotContain("allkeys", string.Join(' ', command), StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_RunsInKRaftMode_AdvertisingItsServiceName()
    {
        var environment = (YamlMappingNode)Service("kafka")["environment"];
        Assert.Equal("broker,controller", Scalar(environment, "KAFKA_PROCESS_ROLES"));
        Assert.Equal("PLAINTEXT://kafka:9092", Scalar(environment, "KAFKA_ADVERTISED_LISTENERS"));
        Assert.Contains("kafka:9093", Scalar(environment, "KAFKA_CONTROLLER_QUORUM_VOTERS"), StringComparison.Ordinal);
    }

    [Fact]
    public void StreamDriftCommand_IsAValidRun_AgainstTheComposeServices()
    {
        var service = Service("streamdrift");
        var command = Sequence(service, "command");
        Assert.Equal("run", command[0]);
        var environment = new Hashtable();
        if (service.Children.TryGetValue(new YamlScalarNode("environment"), out var env))
        {
            foreach (var (key, value) in ((YamlMappingNode)env).Children)
            {
                environment[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value;
            }
        }

        // The same parsing and validation as the container's start: unknown flags or bad values throw here.
        var options = RunOptionsLoader.Load(FlagParser.Parse("run", command.Skip(1).ToList(), RunFlags.Specs), environment);

        var store = Assert.Single(options.Stores);
        Assert.Equal(["redis:6379"], store.Redis);
        Assert.Equal("kafka:9092", options.KafkaBootstrap);
        Assert.Equal(UsersSourceKind.Kafka, store.Users.Kind);
        Assert.Contains(Sequence(service, "ports"), p => p.Split(':')[^1] == options.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("redis", Sequence(service, "depends_on"));
        Assert.Contains("kafka", Sequence(service, "depends_on"));
    }

    [Fact]
    public void StreamDrift_RunsTwoReplicas_SharingOneConsumerGroupOnTheUsersTopic()
    {
        var service = Service("streamdrift");
        var replicas = Scalar((YamlMappingNode)service["deploy"], "replicas");
        var command = Sequence(service, "command");

        var options = RunOptionsLoader.Load(FlagParser.Parse("run", command.Skip(1).ToList(), RunFlags.Specs), new Hashtable());

        Assert.Equal("2", replicas);
        Assert.NotNull(options.Group);
        Assert.Equal("streamdrift", options.Group.Id);
        Assert.Equal("storefront.active-users", options.Group.Topic);
        // Replicas cannot publish one host port twice: the metrics port is published without a host port.
        Assert.DoesNotContain(Sequence(service, "ports"), p => p.Contains(':', StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^[a-z0-9]+([._/-][a-z0-9]+)*:[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ImagePattern();

    // HOST:CONTAINER, or CONTAINER alone (an ephemeral host port: replicas cannot share one).
    [GeneratedRegex(@"^((\d+):)?(\d+)(/(tcp|udp))?$")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishedProject();
}
