using System.Collections.Concurrent;
using System.Text;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Metrics;

/// <summary>
/// A Prometheus histogram whose series are read, at scrape time, from the cumulative histograms an adapter
/// keeps (a watcher's reconcile page times): nothing is copied on the adapter's path.
/// </summary>
internal sealed class HistogramFamily
{
    private readonly ConcurrentDictionary<string, PageTimeHistogram> _series = new(StringComparer.Ordinal);

    public HistogramFamily(string name, string help, IReadOnlyList<string> labelNames)
    {
        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Exposes <paramref name="source"/> under these label values, replacing an earlier source of the same labels (a restarted watcher).</summary>
    public void Track(PageTimeHistogram source, params string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Count} label values, got {labelValues.Length}", nameof(labelValues));
        }
        var labels = new StringBuilder();
        for (var i = 0; i < labelValues.Length; i++)
        {
            labels.Append(LabelNames[i]).Append("=\"").Append(PrometheusText.EscapeLabelValue(labelValues[i])).Append("\",");
        }
        _series[labels.ToString()] = source;
    }

    public void Write(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(PrometheusText.EscapeHelp(Help)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(" histogram\n");
        foreach (var (labels, source) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            // Count and sum first, buckets after: a page recorded between the reads can only make the buckets larger.
            var count = source.Count;
            var sum = source.Sum.TotalSeconds;
            var buckets = source.CumulativeCounts();
            for (var i = 0; i < buckets.Length; i++)
            {
                var le = i < PageTimeHistogram.UpperBounds.Length ? PrometheusText.FormatValue(PageTimeHistogram.UpperBounds[i]) : "+Inf";
                output.Append(Name).Append("_bucket{").Append(labels).Append("le=\"").Append(le).Append("\"} ")
                    .Append(PrometheusText.FormatValue(i == buckets.Length - 1 ? Math.Max(buckets[i], count) : buckets[i])).Append('\n');
            }
            var plain = labels.TrimEnd(',');
            output.Append(Name).Append("_sum{").Append(plain).Append("} ").Append(PrometheusText.FormatValue(sum)).Append('\n');
            output.Append(Name).Append("_count{").Append(plain).Append("} ").Append(PrometheusText.FormatValue(count)).Append('\n');
        }
    }
}
