using StreamDrift.Cli.Metrics;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Tests.Metrics;

public class MetricsRegistryTests
{
    [Fact]
    public void Render_WritesHelpTypeAndEscapedLabels()
    {
        var registry = new MetricsRegistry();
        var events = registry.Counter("test_events_total", "Events.\nSecond line \\ backslash", "store", "event");
        var gauge = registry.Gauge("test_value", "A value.", "store");
        events.WithLabels("a\"b\\c\nd", "new").Increment(3);
        gauge.WithLabels("x").Set(double.NaN);
        gauge.WithLabels("y").Set(-1.5);

        var text = registry.Render();

        Assert.Equal(
            "# HELP test_events_total Events.\\nSecond line \\\\ backslash\n" +
            "# TYPE test_events_total counter\n" +
            "test_events_total{store=\"a\\\"b\\\\c\\nd\",event=\"new\"} 3\n" +
            "# HELP test_value A value.\n" +
            "# TYPE test_value gauge\n" +
            "test_value{store=\"x\"} NaN\n" +
            "test_value{store=\"y\"} -1.5\n",
            text);
    }

    [Fact]
    public void Histogram_RendersCumulativeBucketsSumAndCount_ReadAtScrapeTime()
    {
        var registry = new MetricsRegistry();
        var family = registry.Histogram("test_page_seconds", "Pages.", "store", "timing");
        var pages = new PageTimeHistogram();
        family.Track(pages, "eu", "server");
        pages.Record(TimeSpan.FromMicroseconds(80));
        pages.Record(TimeSpan.FromMicroseconds(900));
        pages.Record(TimeSpan.FromMilliseconds(1));
        pages.Record(TimeSpan.FromMilliseconds(300));

        var lines = registry.Render().Split('\n');

        Assert.Equal("# TYPE test_page_seconds histogram", lines[1]);
        Assert.Contains("test_page_seconds_bucket{store=\"eu\",timing=\"server\",le=\"5E-05\"} 0", lines);
        Assert.Contains("test_page_seconds_bucket{store=\"eu\",timing=\"server\",le=\"0.0001\"} 1", lines);
        Assert.Contains("test_page_seconds_bucket{store=\"eu\",timing=\"server\",le=\"0.001\"} 3", lines);
        Assert.Contains("test_page_seconds_bucket{store=\"eu\",timing=\"server\",le=\"0.1\"} 3", lines);
        Assert.Contains("test_page_seconds_bucket{store=\"eu\",timing=\"server\",le=\"+Inf\"} 4", lines);
        Assert.Contains("test_page_seconds_sum{store=\"eu\",timing=\"server\"} 0.30198", lines);
        Assert.Contains("test_page_seconds_count{store=\"eu\",timing=\"server\"} 4", lines);
        Assert.Throws<InvalidOperationException>(() => registry.Counter("test_page_seconds", "again"));
    }

    [Fact]
    public void WithLabels_ReturnsTheSameCell_SoCallersCanKeepIt()
    {
        var family = new MetricsRegistry().Counter("c_total", "c", "store");
        Assert.Same(family.WithLabels("a"), family.WithLabels("a"));
        Assert.NotSame(family.WithLabels("a"), family.WithLabels("b"));
    }

    [Fact]
    public void Increment_IsExactUnderConcurrency()
    {
        var cell = new MetricsRegistry().Counter("c_total", "c", "store").WithLabels("a");

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                cell.Increment();
            }
        });

        Assert.Equal(800_000, cell.Value);
    }

    [Fact]
    public void Increment_AllocatesNothing()
    {
        var cell = new MetricsRegistry().Counter("c_total", "c").WithLabels();
        var gauge = new MetricsRegistry().Gauge("g", "g").WithLabels();
        cell.Increment();
        gauge.Set(1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            cell.Increment();
            gauge.Set(i);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Registry_RejectsBadNamesWrongLabelCountsDuplicatesAndDecrements()
    {
        var registry = new MetricsRegistry();
        var family = registry.Counter("ok_total", "ok", "store");

        Assert.Throws<ArgumentException>(() => registry.Gauge("bad-name", "x"));
        Assert.Throws<InvalidOperationException>(() => registry.Gauge("ok_total", "x"));
        Assert.Throws<ArgumentException>(() => family.WithLabels("a", "b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => family.WithLabels("a").Increment(-1));
    }

    [Fact]
    public void StreamDriftMetrics_RegistersTheDocumentedNames()
    {
        var text = new StreamDriftMetrics(new MetricsRegistry()).Registry.Render();

        foreach (var name in new[]
                 {
                     "streamdrift_session_keys gauge", "streamdrift_active_users gauge", "streamdrift_drift gauge",
                     "streamdrift_keyspace_events_total counter", "streamdrift_reconcile_corrections_total counter",
                     "streamdrift_subscription_gaps_total counter", "streamdrift_input_rejected_total counter",
                     "streamdrift_kafka_delivered_total counter", "streamdrift_excluded_events_total counter",
                 })
        {
            Assert.Contains($"# TYPE {name}\n", text, StringComparison.Ordinal);
        }
    }
}
