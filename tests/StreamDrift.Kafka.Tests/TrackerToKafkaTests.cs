using Avro.Generic;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Sink;
using StreamDrift.TestSupport;

namespace StreamDrift.Kafka.Tests;

public class TrackerToKafkaTests(EmbeddedKafkaFixture fixture) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task TrackedWindowsAndTheirAlerts_ArriveWithExactlyTheContentTheyWereBuiltFrom()
    {
        var options = new KafkaSinkOptions
        {
            BootstrapServers = fixture.BootstrapServers,
            ObservationsTopic = fixture.Topic("tracked.obs"),
            AlertsTopic = fixture.Topic("tracked.alerts"),
        };
        var tracker = new AlertTracker(new CauseClassifier(new ClassifierOptions()), new AlertTrackerOptions());
        var published = new List<TrackedWindow>();
        await using (var sink = new KafkaDriftSink(options, TimeProvider.System))
        {
            foreach (var verdict in Story("store-q"))
            {
                var tracked = tracker.Track(verdict);
                published.Add(tracked);
                await sink.PublishAsync(tracked);
            }
            await sink.FlushAsync();
        }

        var observations = KafkaReader.Read(fixture.BootstrapServers, options.ObservationsTopic, published.Count, TimeSpan.FromSeconds(60))
            .Select(r => Decoded.From(r, RepoFiles.Avsc("drift_observation")).Value).ToList();
        var alerts = KafkaReader.Read(fixture.BootstrapServers, options.AlertsTopic, 2, TimeSpan.FromSeconds(60))
            .Select(r => Decoded.From(r, RepoFiles.Avsc("drift_alert")).Value).ToList();

        Assert.Equal(published.Count, observations.Count);
        for (var i = 0; i < published.Count; i++)
        {
            AssertSameFields(DriftObservationSerializer.ToRecord(published[i]), observations[i]);
        }
        var expectedAlerts = published.Where(p => p.Alert is not null).Select(p => p.Alert!).ToList();
        Assert.Equal([AlertTransition.Opened, AlertTransition.Resolved], expectedAlerts.Select(a => a.Transition));
        Assert.Equal(expectedAlerts.Count, alerts.Count);
        for (var i = 0; i < alerts.Count; i++)
        {
            AssertSameFields(DriftAlertSerializer.ToRecord(expectedAlerts[i]), alerts[i]);
        }
        Assert.Equal("SESSIONS_EVICTED", ((GenericEnum)alerts[0]["cause"]).Value);
        Assert.Equal(alerts[0]["alertId"], alerts[1]["alertId"]);
    }

    private static IEnumerable<DetectorVerdict> Story(string store)
    {
        var state = DriftState.Normal;
        for (var i = 0; i < 8; i++)
        {
            var evicting = i is >= 4 and < 6;
            var data = TestData.Window(store, i, keys: evicting ? 6400 : 9800, users: 9800).Verdict;
            var window = data.Window with { Events = data.Window.Events with { Evicted = evicting ? 2950 : 0 } };
            var next = evicting ? DriftState.Alerting : DriftState.Normal;
            yield return data with { Window = window, State = next, PreviousState = state, ExpectedDrift = 0 };
            state = next;
        }
    }

    // Field by field, recursing into nested records, maps and arrays, so a failure names the field.
    private static void AssertSameFields(GenericRecord expected, GenericRecord actual)
    {
        foreach (var field in expected.Schema.Fields)
        {
            AssertSame(expected[field.Name], actual[field.Name], field.Name);
        }
    }

    private static void AssertSame(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case GenericRecord record:
                AssertSameFields(record, Assert.IsType<GenericRecord>(actual));
                break;
            case GenericEnum symbol:
                Assert.Equal(symbol.Value, Assert.IsType<GenericEnum>(actual).Value);
                break;
            case IDictionary<string, object> map:
                Assert.Equal(map.OrderBy(e => e.Key, StringComparer.Ordinal), ((IDictionary<string, object>)actual!).OrderBy(e => e.Key, StringComparer.Ordinal));
                break;
            case object[] items:
                Assert.Equal(items, (object[])actual!);
                break;
            default:
                Assert.True(Equals(expected, actual), $"{path}: expected {expected}, got {actual}");
                break;
        }
    }
}
