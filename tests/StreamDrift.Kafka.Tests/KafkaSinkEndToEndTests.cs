using StreamDrift.Core.Alerts;
using StreamDrift.Kafka.Sink;
using StreamDrift.TestSupport;

namespace StreamDrift.Kafka.Tests;

public class KafkaSinkEndToEndTests
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private static KafkaSinkOptions Options(EmbeddedKafka kafka, string prefix)
    {
        var options = new KafkaSinkOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            ObservationsTopic = prefix + ".observations",
            AlertsTopic = prefix + ".alerts",
            DeadLetterTopic = prefix + ".dead",
        };
        kafka.CreateTopic(options.ObservationsTopic);
        kafka.CreateTopic(options.AlertsTopic);
        kafka.CreateTopic(options.DeadLetterTopic);
        return options;
    }

    [Fact]
    public async Task ObservationsAndAlerts_AreReadBackByAConsumerGroup_KeyedByStore_WithTheSameContent()
    {
        await using var kafka = EmbeddedKafka.Start(3);
        var options = Options(kafka, "e2e");
        string[] stores = ["store-a", "store-b", "store-c", "store-d", "store-e", "store-f"];
        await using (var sink = new KafkaDriftSink(options, TimeProvider.System))
        {
            for (var i = 0; i < 4; i++)
            {
                foreach (var store in stores)
                {
                    await sink.PublishObservationAsync(TestData.Window(store, i, keys: 6000 + i));
                }
            }
            await sink.PublishAlertAsync(TestData.Alert("store-b"));
            await sink.PublishAlertAsync(TestData.Alert("store-b", AlertTransition.Resolved));
            await sink.FlushAsync();
            Assert.Equal(new SinkStatistics(26, 0, 0, 0), sink.Statistics);
        }

        var observations = KafkaReader.Read(kafka.BootstrapServers, options.ObservationsTopic, 24, ReadTimeout)
            .Select(r => (Result: r, Decoded: Decoded.From(r, RepoFiles.Avsc("drift_observation")))).ToList();
        var alerts = KafkaReader.Read(kafka.BootstrapServers, options.AlertsTopic, 2, ReadTimeout)
            .Select(r => Decoded.From(r, RepoFiles.Avsc("drift_alert"))).ToList();

        Assert.Equal(24, observations.Count);
        // Six stores over three partitions: a constant partition would not pass the Java check below.
        Assert.True(stores.Select(s => JavaPartitioner.Partition(s, 3)).Distinct().Count() > 1);
        Assert.All(observations, o => Assert.Equal(o.Decoded.Key, o.Decoded.Value["storeId"]));
        // Version 3 of drift_observation (v2 added countUncertain, v3 the producing instance).
        Assert.All(observations, o => Assert.Equal(3, o.Decoded.Version));
        // Keyed by store: one store's windows share a partition, so they arrive in window order.
        foreach (var group in observations.GroupBy(o => o.Decoded.Key))
        {
            Assert.Equal(JavaPartitioner.Partition(group.Key, 3), Assert.Single(group.Select(o => o.Result.Partition.Value).Distinct()));
            Assert.Equal([6000.0, 6001, 6002, 6003], group.Select(o => (double)o.Decoded.Value["sessionKeys"]));
        }
        Assert.Equal(stores, observations.Select(o => o.Decoded.Key).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["OPENED", "RESOLVED"], alerts.Select(a => ((global::Avro.Generic.GenericEnum)a.Value["transition"]).Value));
        Assert.All(alerts, a => Assert.Equal("store-b", a.Key));
        Assert.Equal(TestData.Alert("store-b").Reading, alerts[0].Value["reading"]);
    }

    [Fact]
    public async Task BrokerOutageOverSeveralWindows_DelaysButLosesAndDuplicatesNothing()
    {
        await using var kafka = EmbeddedKafka.Start(3);
        var options = Options(kafka, "outage");
        string[] stores = ["store-a", "store-b"];
        var log = new CapturingLogger<KafkaDriftSink>();
        await using (var sink = new KafkaDriftSink(options, TimeProvider.System, log))
        {
            // No flush first: records are in flight when the brokers go, the case where a naive retry duplicates.
            await Publish(sink, stores, 0, 2);
            kafka.SetAllDown();
            await Publish(sink, stores, 2, 7);
            // The outage lasts until the client has noticed it (a positive signal), not for a guessed duration.
            await Eventually.Until(() => log.Lines.Any(l => l.StartsWith("Kafka client error", StringComparison.Ordinal)), Eventually.DefaultDeadline,
                "the producer never reported the brokers down");
            var during = sink.Statistics;
            Assert.Equal(14, during.Delivered + during.Buffered);
            Assert.True(during.Buffered >= 10, $"only {during.Buffered} buffered during the outage");
            Assert.Equal(0, during.Failed);

            kafka.SetAllUp();
            await Publish(sink, stores, 7, 9);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await sink.FlushAsync(cts.Token);
            Assert.Equal(new SinkStatistics(18, 0, 0, 0), sink.Statistics);
        }

        var read = KafkaReader.Read(kafka.BootstrapServers, options.ObservationsTopic, 18, ReadTimeout, linger: TimeSpan.FromSeconds(3))
            .Select(r => Decoded.From(r, RepoFiles.Avsc("drift_observation")))
            .Select(d => (d.Key, End: (DateTime)d.Value["windowEnd"])).ToList();

        Assert.Equal(18, read.Count);
        Assert.Equal(18, read.Distinct().Count());
        var expected = stores.SelectMany(s => Enumerable.Range(0, 9).Select(i => (s, TestData.Window(s, i).Verdict.Window.End.UtcDateTime)));
        Assert.Equal(expected.Order(), read.Order());
    }

    private static async Task Publish(KafkaDriftSink sink, string[] stores, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            foreach (var store in stores)
            {
                await sink.PublishObservationAsync(TestData.Window(store, i));
            }
        }
    }
}
