using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using StreamDrift.Cli.Card;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Benchmarks;

/// <summary>
/// The resident memory of one instance holding many stores after a simulated day: the engine (join,
/// windows, detector) and the alert tracker with its classifier run on virtual time, second by second, for
/// 24 h, and every store's card (the live view's state and 24 h chart) is fed as a running instance feeds
/// it; then the process reports its resident set after a full collection. Memory held per store is
/// bounded by spans, not by rates (the per-second ring fills skipped seconds forward), so snapshots every
/// few seconds and a sample every 30 s (a connector's usual cadence) hold what one per second would, in a
/// fraction of the run time; the per-sample cost at one per second is <see cref="JoinWindowDetectorBenchmark"/>'s.
/// </summary>
internal static class DayFootprint
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    public static int Run(int stores, TimeSpan simulated, int snapshotEverySeconds, int sampleEverySeconds)
    {
        var baseline = ResidentMegabytes("VmRSS");
        var options = new DriftPipelineOptions();
        var engine = new DriftEngine(options, new RejectionCounters(), Start);
        var tracker = new AlertTracker(new CauseClassifier(new ClassifierOptions()), new AlertTrackerOptions());
        var ids = Enumerable.Range(0, stores).Select(i => $"store-{i:D5}").ToArray();
        var band = CardBand.From(new DetectorOptions());
        var cards = new CardBoard(ids.Select(id => (id, band)));
        var health = new RedisHealth?[stores];
        var verdicts = new List<DetectorVerdict>(stores);
        long accepted = 0, windows = 0;
        var clock = Stopwatch.StartNew();
        for (var s = 0; s < (int)simulated.TotalSeconds; s++)
        {
            var now = Start.AddSeconds(s);
            for (var i = 0; i < stores; i++)
            {
                // Stagger the stores so that not all of them publish in the same second.
                var phase = s + i;
                var users = 500 + (i % 5000) + ((s / 3600) * 10);
                if (phase % snapshotEverySeconds == 0)
                {
                    if (phase % 60 == 0 || health[i] is null)
                    {
                        // A fresh INFO sample a minute, as the Redis side publishes: the tracker's healthy windows hold these.
                        health[i] = new RedisHealth { SampledAt = now, UsedMemoryBytes = 1L << 30, MaxMemoryBytes = 2L << 30, DbKeys = users * 3 };
                    }

                    var snapshot = new StoreSnapshot
                    {
                        StoreId = ids[i],
                        At = now,
                        SessionKeys = (long)(users * 0.97),
                        Events = new SessionEventCounts(New: s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        Health = health[i],
                    };
                    engine.OnSnapshot(snapshot);
                    cards.OnSnapshot(snapshot);
                }

                if (phase % sampleEverySeconds == 0)
                {
                    var sample = new ActiveUsersSample(ids[i], "bench", users, 300, now, 3);
                    if (engine.OnSample(sample, now))
                    {
                        accepted++;
                        cards.OnUsers(sample);
                    }
                }
            }

            verdicts.Clear();
            engine.CloseUpTo(now - options.Grace, verdicts);
            foreach (var verdict in verdicts)
            {
                cards.OnWindow(tracker.Track(verdict));
            }

            windows += verdicts.Count;
        }

        var elapsed = clock.Elapsed;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        var resident = ResidentMegabytes("VmRSS");
        var peak = ResidentMegabytes("VmHWM");
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"stores {stores}, simulated {simulated.TotalHours:0.#} h, snapshot every {snapshotEverySeconds} s, sample every {sampleEverySeconds} s"));
        Console.WriteLine(string.Create(inv, $"samples joined {accepted:N0}, windows judged {windows:N0}, run time {elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(inv, $"history arrays (per-second rings + minute buckets) {engine.RetainedHistoryBytes / 1048576.0:0.0} MiB, {engine.RetainedHistoryBytes / stores:N0} B per store"));
        Console.WriteLine(string.Create(inv, $"managed heap after full GC {heap:0.0} MiB; resident {resident:0.0} MiB (process before the stores {baseline:0.0} MiB), peak resident {peak:0.0} MiB"));
        GC.KeepAlive(engine);
        GC.KeepAlive(tracker);
        GC.KeepAlive(cards);
        return resident < 1024 ? 0 : 1;
    }

    private static double ResidentMegabytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd(" kB"), CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
