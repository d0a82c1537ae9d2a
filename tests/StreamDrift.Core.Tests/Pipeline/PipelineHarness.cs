using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Tests.Pipeline;

/// <summary>
/// A pipeline on a <see cref="HistoricalScheduler"/>: inputs are scheduled at their arrival instants and
/// the test advances virtual time; nothing sleeps.
/// </summary>
internal sealed class PipelineHarness : IDisposable
{
    public static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly Subject<StoreSnapshot> _snapshots = new();
    private readonly Subject<ActiveUsersSample> _samples = new();
    private readonly IDisposable _subscription;

    public PipelineHarness(DateTimeOffset start, DriftPipelineOptions? options = null)
    {
        Scheduler = new HistoricalScheduler(start);
        var pipeline = new DriftPipeline(options ?? new DriftPipelineOptions(), Scheduler, Rejections, Accepted.Add);
        _subscription = pipeline.Run(_snapshots, _samples).Subscribe(Verdicts.Add, e => Error = e);
    }

    public HistoricalScheduler Scheduler { get; }

    public RejectionCounters Rejections { get; } = new();

    public List<DetectorVerdict> Verdicts { get; } = [];

    /// <summary>The samples the pipeline reported as accepted, in order.</summary>
    public List<ActiveUsersSample> Accepted { get; } = [];

    public Exception? Error { get; private set; }

    public static DateTimeOffset At(int hour, int minute, int second = 0) => Day.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    /// <summary>One snapshot per second from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), published at its own instant.</summary>
    public void KeysEverySecond(string store, DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, long> keys)
    {
        for (var t = from; t < to; t = t.AddSeconds(1))
        {
            Snapshot(new StoreSnapshot { StoreId = store, At = t, SessionKeys = keys(t) });
        }
    }

    public void Snapshot(StoreSnapshot snapshot) => Scheduler.Schedule(snapshot.At, () => _snapshots.OnNext(snapshot));

    /// <summary>A sample that reaches the pipeline at <paramref name="arrives"/>, whatever its event time.</summary>
    public void Sample(DateTimeOffset arrives, ActiveUsersSample sample) => Scheduler.Schedule(arrives, () => _samples.OnNext(sample));

    public void Sample(string store, DateTimeOffset observedAt, long users, TimeSpan delay = default) =>
        Sample(observedAt + delay, new ActiveUsersSample(store, "test", users, 300, observedAt));

    public void AdvanceTo(DateTimeOffset t) => Scheduler.AdvanceTo(t);

    public DetectorVerdict VerdictFor(string store, DateTimeOffset windowStart) =>
        Verdicts.Single(v => v.Window.StoreId == store && v.Window.Start == windowStart);

    public void Dispose()
    {
        _subscription.Dispose();
        _snapshots.Dispose();
        _samples.Dispose();
    }
}
