using System.Text;

namespace StreamDrift.Cli.Metrics;

/// <summary>A small registry of counters and gauges, rendered in registration order for <c>/metrics</c>.</summary>
internal sealed class MetricsRegistry
{
    private readonly List<MetricFamily> _families = [];
    private readonly Lock _lock = new();

    public MetricFamily Counter(string name, string help, params string[] labelNames) => Add(new MetricFamily(name, help, true, labelNames));

    public MetricFamily Gauge(string name, string help, params string[] labelNames) => Add(new MetricFamily(name, help, false, labelNames));

    public string Render()
    {
        MetricFamily[] families;
        lock (_lock)
        {
            families = [.. _families];
        }
        var text = new StringBuilder(4096);
        PrometheusText.Write(text, families);
        return text.ToString();
    }

    private MetricFamily Add(MetricFamily family)
    {
        if (!MetricNamePattern.IsValid(family.Name))
        {
            throw new ArgumentException($"invalid metric name '{family.Name}'", nameof(family));
        }
        lock (_lock)
        {
            foreach (var existing in _families)
            {
                if (existing.Name == family.Name)
                {
                    throw new InvalidOperationException($"metric {family.Name} is registered twice");
                }
            }
            _families.Add(family);
        }
        return family;
    }
}
