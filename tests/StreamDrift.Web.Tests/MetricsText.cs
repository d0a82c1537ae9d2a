using System.Globalization;

namespace StreamDrift.Web.Tests;

/// <summary>The Prometheus text of <c>/metrics</c>: sample values by series, and the declared families.</summary>
internal static class MetricsText
{
    public static Dictionary<string, double> Samples(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('#'))
            {
                var space = line.LastIndexOf(' ');
                samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return samples;
    }

    /// <summary>Every family the page declares with <c># TYPE</c>, whether or not it has a sample yet.</summary>
    public static HashSet<string> Families(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];
}
