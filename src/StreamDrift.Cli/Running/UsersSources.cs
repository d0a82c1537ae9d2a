using System.Reactive.Concurrency;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Configuration;
using StreamDrift.Connectors.File;
using StreamDrift.Connectors.Http;
using StreamDrift.Kafka.Source;
using StreamDrift.Connectors.Simulator;
using StreamDrift.Core.Samples;

namespace StreamDrift.Cli.Running;

/// <summary>Builds a store's active-users source from its <c>--users</c> setting.</summary>
internal static class UsersSources
{
    private static readonly HttpClient Http = new();

    public static IObservable<ActiveUsersSample> Create(
        StoreOptions store, string kafkaBootstrap, IRejectedInputSink rejected, ILoggerFactory loggers, IScheduler scheduler, TimeProvider time) =>
        store.Users.Kind switch
        {
            UsersSourceKind.File => new JsonLinesFileSource(
                new JsonLinesFileSourceOptions { Path = store.Users.Target }, rejected, loggers.CreateLogger<JsonLinesFileSource>(), scheduler, time).Observe(),
            UsersSourceKind.Http => new HttpPollSource(
                new HttpPollSourceOptions { Url = new Uri(store.Users.Target) }, Http, rejected, loggers.CreateLogger<HttpPollSource>(), scheduler, time).Observe(),
            UsersSourceKind.Kafka => new KafkaActiveUsersSource(
                new KafkaSourceOptions { BootstrapServers = kafkaBootstrap, Topic = store.Users.Target, GroupId = "streamdrift-" + store.Id }, rejected, time),
            _ => new SimulatedConnector(new SimulatedConnectorOptions { StoreIds = [store.Id] }, scheduler).Observe(),
        };
}
