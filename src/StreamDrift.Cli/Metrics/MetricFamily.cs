using System.Collections.Concurrent;
using System.Text;

namespace StreamDrift.Cli.Metrics;

/// <summary>A named counter or gauge with fixed label names; its cells are created on first use.</summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, MetricCell> _cells = new(StringComparer.Ordinal);

    public MetricFamily(string name, string help, bool isCounter, IReadOnlyList<string> labelNames)
    {
        Name = name;
        Help = help;
        IsCounter = isCounter;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public bool IsCounter { get; }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>The cell for these label values, in <see cref="LabelNames"/> order. Keep it; the lookup allocates.</summary>
    public MetricCell WithLabels(params string[] values)
    {
        if (values.Length != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Count} label values, got {values.Length}", nameof(values));
        }
        var text = LabelText(values);
        return _cells.GetOrAdd(text, static (t, counter) => new MetricCell(t, counter), IsCounter);
    }

    public IEnumerable<MetricCell> Cells => _cells.Values.OrderBy(c => c.LabelText, StringComparer.Ordinal);

    private string LabelText(string[] values)
    {
        if (values.Length == 0)
        {
            return "";
        }
        var text = new StringBuilder("{");
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(LabelNames[i]).Append("=\"").Append(PrometheusText.EscapeLabelValue(values[i])).Append('"');
        }
        return text.Append('}').ToString();
    }
}
