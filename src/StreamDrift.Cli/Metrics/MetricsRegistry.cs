using System.Text;

namespace StreamDrift.Cli.Metrics;

/// <summary>A small registry of counters, gauges and histograms, rendered in registration order for <c>/metrics</c> (histograms last).</summary>
internal sealed class MetricsRegistry
{
    private readonly List<MetricFamily> _families = [];
    private readonly List<HistogramFamily> _histograms = [];
    private readonly Lock _lock = new();

    public MetricFamily Counter(string name, string help, params string[] labelNames) => Add(new MetricFamily(name, help, true, labelNames));

    public MetricFamily Gauge(string name, string help, params string[] labelNames) => Add(new MetricFamily(name, help, false, labelNames));

    public HistogramFamily Histogram(string name, string help, params string[] labelNames)
    {
        var family = new HistogramFamily(name, help, labelNames);
        lock (_lock)
        {
            CheckNew(name);
            _histograms.Add(family);
        }
        return family;
    }

    public string Render()
    {
        MetricFamily[] families;
        HistogramFamily[] histograms;
        lock (_lock)
        {
            families = [.. _families];
            histograms = [.. _histograms];
        }
        var text = new StringBuilder(4096);
        PrometheusText.Write(text, families);
        foreach (var histogram in histograms)
        {
            histogram.Write(text);
        }
        return text.ToString();
    }

    private MetricFamily Add(MetricFamily family)
    {
        lock (_lock)
        {
            CheckNew(family.Name);
            _families.Add(family);
        }
        return family;
    }

    // Caller holds the lock.
    private void CheckNew(string name)
    {
        if (!MetricNamePattern.IsValid(name))
        {
            throw new ArgumentException($"invalid metric name '{name}'", nameof(name));
        }
        if (_families.Any(f => f.Name == name) || _histograms.Any(h => h.Name == name))
        {
            throw new InvalidOperationException($"metric {name} is registered twice");
        }
    }
}
