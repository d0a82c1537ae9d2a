using System.Globalization;
using System.Text;
using StreamDrift.Storefront;
using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.ScenarioReport;

/// <summary>Turns the runs into tools/scenario-report.md: confusion matrix, latencies, false alerts, every run.</summary>
internal static class ReportWriter
{
    public static string Write(IReadOnlyList<ScenarioResult> results, IReadOnlyList<string> failures, TimeSpan took, int parallel)
    {
        var rows = results.Select(RunRow.Of).OrderBy(r => r.Fault).ThenBy(r => r.Result.Spec.Seed).ToList();
        var faultRows = rows.Where(r => r.Fault != Fault.None).ToList();
        var sb = new StringBuilder();
        Line(sb, "# Scenario report");
        Line(sb, "");
        Line(sb, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `tools/scenario-report.sh` in {took.TotalMinutes:0.0} min ({parallel} scenarios at a time). " +
            $"Each run: its own redis-server, `streamdrift run` (embedded Kafka, JSON-lines sink, 1 s windows, 1 s grace, `--sensitivity high`, reconcile every 5 s, stale after 3 s), " +
            "400 simulated shoppers (session TTL 10 s, activity every 2.5-7.5 s, 5 % second tabs, 3 % steady bots, page cache of 2,000 pages on the same instance), connector reporting every 250 ms. " +
            "Fault runs: 20 s healthy, the fault for 15 s (orphaned sessions 30 s), 20 s recovery.");
        Line(sb, "");
        Line(sb, "**Classified cause** = cause of the first alert opened after the fault started (a later correction does not count). " +
            "A silent connector opens no alert by design (drift unknown, not material): its cause is that of the first window judged STALE.");
        Line(sb, "");
        Line(sb, "## Confusion matrix (rows: injected fault, columns: classified cause)");
        Line(sb, "");
        var columns = faultRows.Select(r => r.Classified).Distinct().Order(StringComparer.Ordinal).ToList();
        Line(sb, "| fault | runs | " + string.Join(" | ", columns) + " | correct |");
        Line(sb, "|---|---|" + string.Concat(columns.Select(_ => "---|")) + "---|");
        foreach (var group in faultRows.GroupBy(r => r.Fault))
        {
            var cells = columns.Select(c => group.Count(r => r.Classified == c)).Select(n => n == 0 ? "" : n.ToString(CultureInfo.InvariantCulture));
            Line(sb, $"| {group.Key} ({ExpectedCause.For(group.Key)}) | {group.Count()} | {string.Join(" | ", cells)} | {Percent(group.Count(r => r.Correct), group.Count())} |");
        }
        Line(sb, "");
        Line(sb, "## Detection latency (windows)");
        Line(sb, "");
        Line(sb, "*From fault*: from the instant the fault is switched on to the end of the window whose close published the first alert record (opened or updated) naming the right cause, rounded up. " +
            "*From material*: from the end of the first window the detector judged material (MATERIAL/ALERTING, i.e. past |z|, key and percent thresholds) after the fault started, to the end of that same window. " +
            "With `high` sensitivity an alert needs 2 consecutive material windows, or 1 when direct evidence names the cause (`CorroboratedWindows`), so *from material* can be 0.");
        Line(sb, "");
        Line(sb, "| cause | detected | from fault: median | worst | from material: median | worst | resolved after fault removed |");
        Line(sb, "|---|---|---|---|---|---|---|");
        foreach (var group in faultRows.GroupBy(r => r.Fault))
        {
            var fromFault = group.Where(r => r.FromFault is not null).Select(r => (double)r.FromFault!.Value).ToList();
            var fromMaterial = group.Where(r => r.FromMaterial is not null).Select(r => (double)r.FromMaterial!.Value).ToList();
            var resolvable = group.Where(r => r.Resolved is not null).ToList();
            var resolved = resolvable.Count == 0 ? "n/a (does not resolve by itself)" : $"{resolvable.Count(r => r.Resolved == true)}/{resolvable.Count}";
            Line(sb, $"| {ExpectedCause.For(group.Key)} | {fromFault.Count}/{group.Count()} | {Median(fromFault)} | {Max(fromFault)} | {Median(fromMaterial)} | {Max(fromMaterial)} | {resolved} |");
        }
        Line(sb, "");
        Line(sb, "## False alerts");
        Line(sb, "");
        var healthy = rows.Where(r => r.Fault == Fault.None).ToList();
        var preFault = faultRows;
        Line(sb, "| healthy windows from | runs | judged windows | false alerts | per 1,000 windows |");
        Line(sb, "|---|---|---|---|---|");
        FalseAlerts(sb, "healthy baseline runs", healthy);
        FalseAlerts(sb, "fault runs, before the fault", preFault);
        Line(sb, "");
        Line(sb, "## Every run");
        Line(sb, "");
        foreach (var row in rows)
        {
            Line(sb, $"- {row.Result.Spec.Name}: {row.Summary}");
        }
        foreach (var failure in failures)
        {
            Line(sb, $"- FAILED TO RUN: {failure}");
        }
        return sb.ToString();
    }

    private static void FalseAlerts(StringBuilder sb, string label, List<RunRow> rows)
    {
        var windows = rows.Sum(r => r.Result.HealthyJudgedWindows);
        var alerts = rows.Sum(r => r.Result.FalseAlerts.Count);
        var rate = windows == 0 ? "-" : (1000.0 * alerts / windows).ToString("0.0", CultureInfo.InvariantCulture);
        Line(sb, $"| {label} | {rows.Count} | {windows} | {alerts} | {rate} |");
    }

    private static string Percent(int n, int of) => of == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{n}/{of} ({100.0 * n / of:0}%)");

    private static string Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return "-";
        }
        values.Sort();
        var mid = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        return median.ToString("0.#", CultureInfo.InvariantCulture);
    }

    private static string Max(List<double> values) => values.Count == 0 ? "-" : values.Max().ToString("0", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');
}
