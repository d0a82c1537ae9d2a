using System.Globalization;
using System.Text;
using StreamDrift.Cli.Card;
using StreamDrift.Core.Classification;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// One frame of the demo's live terminal view, drawn from the card's state: per store the headline, a
/// sparkline of keys and users over the last minutes, the sibling signals, the open alert's reading and
/// mitigations; the last decoded Kafka records at the bottom.
/// </summary>
internal static class DemoFrame
{
    public static string Render(CardBoard board, string header, string? cardUrl, IEnumerable<string> records, int width)
    {
        ArgumentNullException.ThrowIfNull(board);
        var text = new StringBuilder();
        text.AppendLine(Cut(header, width));
        if (cardUrl is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"the card: {cardUrl}");
        }
        foreach (var store in board.Stores)
        {
            board.Read(store, card =>
            {
                AppendStore(text, card, width);
                return 0;
            });
        }
        text.AppendLine();
        text.AppendLine("last Kafka records (decoded):");
        foreach (var record in records)
        {
            text.AppendLine(Cut(record, width));
        }
        return text.ToString();
    }

    private static void AppendStore(StringBuilder text, StoreCard card, int width)
    {
        text.AppendLine();
        var cause = card.Cause == Cause.None ? "" : $"  {Words(card.Cause)} ({Share(card.Confidence)})"; // strings only: no culture involved
        text.AppendLine(CultureInfo.InvariantCulture, $"{card.StoreId}  {card.State.ToString().ToUpperInvariant()}{cause}");
        var points = card.History.Points;
        var lineWidth = Math.Max(width - 24, 10);
        var lines = Sparkline.Render([points.Select(p => p.SessionKeys).ToList(), points.Select(p => p.ActiveUsers).ToList()], lineWidth);
        var span = TimeSpan.FromTicks(card.History.Bucket.Ticks * Math.Min(points.Count, lineWidth));
        text.AppendLine(CultureInfo.InvariantCulture, $"  session keys {Number(card.SessionKeys),9}  {lines[0]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  active users {Number(card.ActiveUsers),9}  {lines[1]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  drift        {Signed(card.Drift),9}  {Percent(card.DriftRatio)}   (last {span.TotalSeconds:0} s, keys and users on one scale)");
        if (card.Health is { } h)
        {
            var memory = h.MaxMemoryBytes > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{Share(h.MemoryUsedRatio ?? 0)} of {h.MaxMemoryBytes / 1048576.0:0.#} MB")
                : string.Create(CultureInfo.InvariantCulture, $"{h.UsedMemoryBytes / 1048576.0:0.#} MB, no limit");
            var orders = card.Orders is { } o ? o.ToString("N0", CultureInfo.InvariantCulture) : "-";
            text.AppendLine(Cut(string.Create(CultureInfo.InvariantCulture,
                $"  evicted/min {h.EvictedKeysPerSecond * 60:N0} · memory {memory} ({h.MaxMemoryPolicy}) · expired/min {h.ExpiredKeysPerSecond * 60:N0}"), width));
            text.AppendLine(Cut(string.Create(CultureInfo.InvariantCulture,
                $"  clients {h.ConnectedClients:N0}/{h.MaxClients:N0} · ops/s {h.InstantaneousOpsPerSecond:N0} vs orders/min {orders} · DB keys {h.DbKeys:N0}"), width));
        }
        if (card.Open is { } open)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  OPEN ALERT: {Words(open.Cause)}, confidence {Share(open.Confidence)}, peak drift {open.PeakDrift:+#,0;-#,0;0}");
            foreach (var line in Wrap(open.Reading, width - 4))
            {
                text.AppendLine("    " + line);
            }
            text.AppendLine("  what to do:");
            foreach (var mitigation in open.Mitigations)
            {
                text.AppendLine(Cut("   - " + mitigation, width));
            }
        }
    }

    internal static string Words(Cause cause) => Metrics.RunReporter.SnakeCase(cause.ToString()).Replace('_', ' ');

    internal static string Share(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    internal static string Number(double? v) => v is { } x ? x.ToString("#,0", CultureInfo.InvariantCulture) : "-";

    internal static string Signed(double? v) => v is { } x ? x.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture) : "-";

    internal static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "";

    private static string Cut(string line, int width) => line.Length > width ? line[..Math.Max(width - 1, 1)] + "…" : line;

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
