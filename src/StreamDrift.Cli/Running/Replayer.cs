using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Recording;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Running;

/// <summary>
/// Runs a recording through the same <see cref="JudgingPipeline"/> as <c>run</c>, on virtual time: each
/// entry arrives at its event time (or, if it was recorded late, right after the entry before it, as it
/// arrived live), the window timers fire on the virtual clock, and nothing waits on the wall clock. The
/// same recording and settings always give the same windows in the same order.
/// </summary>
internal sealed class Replayer(ReplayOptions options)
{
    public RejectionCounters Rejections { get; } = new();

    public async Task<IReadOnlyList<TrackedWindow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<RecordingEntry>();
        await foreach (var entry in RecordingReader.ReadAsync(options.Input, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }
        var judged = new List<TrackedWindow>();
        if (entries.Count == 0)
        {
            return judged;
        }

        var scheduler = new HistoricalScheduler(entries[0].EventTime.AddSeconds(-1));
        using var stop = new Subject<Unit>();
        var stores = new Dictionary<string, StoreInputs>(StringComparer.Ordinal);
        var longest = TimeSpan.Zero;
        foreach (var id in entries.Select(e => e.StoreId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var store = options.StoreFor(id);
            var inputs = new StoreInputs();
            var judging = new JudgingPipeline(StoreJudging.Options(store), scheduler, Rejections);
            inputs.Subscription = judging.Run(inputs.Snapshots, inputs.Users, stop).Subscribe(judged.Add);
            stores[id] = inputs;
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (store.Window + store.Grace).Ticks));
        }

        var arrival = scheduler.Now;
        foreach (var entry in entries)
        {
            arrival = entry.EventTime > arrival ? entry.EventTime : arrival;
            var inputs = stores[entry.StoreId];
            scheduler.Schedule(arrival, () => inputs.Push(entry));
        }
        scheduler.AdvanceTo(arrival + longest);
        stop.OnNext(Unit.Default);
        foreach (var inputs in stores.Values)
        {
            inputs.Dispose();
        }
        return judged;
    }

    private sealed class StoreInputs : IDisposable
    {
        public Subject<StoreSnapshot> Snapshots { get; } = new();

        public Subject<ActiveUsersSample> Users { get; } = new();

        public IDisposable? Subscription { get; set; }

        public void Push(RecordingEntry entry)
        {
            if (entry.Snapshot is { } snapshot)
            {
                Snapshots.OnNext(snapshot);
            }
            else if (entry.Users is { } users)
            {
                Users.OnNext(users);
            }
        }

        public void Dispose()
        {
            Subscription?.Dispose();
            Snapshots.Dispose();
            Users.Dispose();
        }
    }
}
