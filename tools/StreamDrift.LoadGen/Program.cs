using System.Globalization;
using StackExchange.Redis;
using StreamDrift.Core.Samples;
using StreamDrift.LoadGen;
using StreamDrift.Storefront;

// streamdrift-loadgen --redis HOST:PORT [--store ID] [--prefix P] [--shoppers N] [--session-ttl SECONDS]
//   [--duration SECONDS] [--fault NAME@FROM[-UNTIL] ...] [--seed N] [--hash] [--no-cache] [--report-every SECONDS]
//   [--users-file PATH] [--users-kafka BOOTSTRAP:TOPIC [--users-format json|avro]] [--users-http PORT]
// Feeds active-user samples to every output given (a file appended with JSON lines, a Kafka topic, an HTTP
// endpoint serving the latest sample); with none, JSON lines go to stdout.
var options = new StorefrontOptions();
string redis = "127.0.0.1:6379";
string? usersFile = null;
string? usersKafka = null;
var avro = false;
int? usersHttp = null;
var duration = TimeSpan.FromSeconds(60);
var faults = new List<FaultWindow>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        double Seconds() => double.Parse(Next(), CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--redis": redis = Next(); break;
            case "--store": options = options with { StoreId = Next() }; break;
            case "--prefix": options = options with { Prefix = Next() }; break;
            case "--shoppers": options = options with { SteadyShoppers = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
            case "--session-ttl": options = options with { SessionTtl = TimeSpan.FromSeconds(Seconds()) }; break;
            case "--report-every": options = options with { ReportEvery = TimeSpan.FromSeconds(Seconds()) }; break;
            case "--duration": duration = TimeSpan.FromSeconds(Seconds()); break;
            case "--seed": options = options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
            case "--hash": options = options with { HashSessions = true }; break;
            case "--no-cache": options = options with { PageCache = false }; break;
            case "--users-file": usersFile = Next(); break;
            case "--users-kafka": usersKafka = Next(); break;
            case "--users-format": avro = Next() switch { "avro" => true, "json" => false, var f => throw new ArgumentException($"--users-format '{f}': json or avro") }; break;
            case "--users-http": usersHttp = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--fault": faults.Add(ParseFault(Next())); break;
            default: throw new ArgumentException($"unknown flag {args[i]}");
        }
    }
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"streamdrift-loadgen: {e.Message}");
    return 2;
}

options = options with { Faults = faults };
await using var mux = await ConnectionMultiplexer.ConnectAsync($"{redis},allowAdmin=true");
var outputs = new List<IUsersOutput>();
try
{
    if (usersFile is not null)
    {
        outputs.Add(JsonLinesOutput.ForFile(usersFile));
    }
    if (usersKafka is not null)
    {
        outputs.Add(KafkaUsersOutput.Parse(usersKafka, avro));
    }
    if (usersHttp is { } port)
    {
        outputs.Add(new HttpUsersOutput(port));
    }
    if (outputs.Count == 0)
    {
        outputs.Add(new JsonLinesOutput(Console.OpenStandardOutput()));
    }
    void Report(ActiveUsersSample sample)
    {
        foreach (var output in outputs)
        {
            output.Write(sample);
        }
    }
    using var cts = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
    await new StorefrontSimulator(mux, options, Report, TimeProvider.System).RunAsync(duration, cts.Token);
}
finally
{
    foreach (var output in outputs)
    {
        await output.DisposeAsync();
    }
}
return 0;

static FaultWindow ParseFault(string text)
{
    // NAME@FROM[-UNTIL], seconds since start, e.g. EvictionStorm@60-120
    var at = text.Split('@');
    if (at.Length != 2 || !Enum.TryParse<Fault>(at[0], ignoreCase: true, out var fault))
    {
        throw new ArgumentException($"--fault '{text}': expected NAME@FROM[-UNTIL] with NAME one of {string.Join(", ", Enum.GetNames<Fault>())}");
    }
    var range = at[1].Split('-');
    var from = TimeSpan.FromSeconds(double.Parse(range[0], CultureInfo.InvariantCulture));
    TimeSpan? until = range.Length > 1 ? TimeSpan.FromSeconds(double.Parse(range[1], CultureInfo.InvariantCulture)) : null;
    return new FaultWindow(fault, from, until);
}
