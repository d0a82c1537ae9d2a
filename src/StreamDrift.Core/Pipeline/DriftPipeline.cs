using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Pipeline;

/// <summary>
/// The composed stream processor the host wires: Redis snapshots and active-user samples in, one
/// <see cref="DetectorVerdict"/> per store and closed window out.
/// </summary>
/// <remarks>
/// Windows are event-time windows closed by a timer on the injected scheduler at each window end plus
/// <see cref="DriftPipelineOptions.Grace"/>, so a silent connector or a silent Redis side never stalls them
/// (Rx's own Buffer/Window would cut on arrival time instead). Rejected samples go to the dead-letter hook
/// and never stop the stream; an error of an input stream (a source that failed, not a bad record) ends
/// the output with that error, for the host to restart. Each subscription runs its own engine.
/// </remarks>
public sealed class DriftPipeline
{
    private readonly DriftPipelineOptions _options;
    private readonly IScheduler _scheduler;
    private readonly IRejectedInputSink _rejected;
    private readonly Action<ActiveUsersSample>? _accepted;
    private readonly AcceptanceRequests _acceptances = new();

    /// <summary>
    /// Asked, under the pipeline's gate, whether a window material for fewer windows than the sustained run has its
    /// cause named from direct evidence (see <see cref="DetectorOptions.CorroboratedWindows"/>). The judging pipeline
    /// sets it to its alert tracker's classifier; unset, only the sustained run opens an alert.
    /// </summary>
    internal Func<DetectorVerdict, bool>? Corroborates { get; init; }

    /// <param name="options">Validated here; an invalid setting throws <see cref="ArgumentException"/> naming it.</param>
    /// <param name="scheduler">The clock of the watermark and the window timer (the host passes the default scheduler, tests a virtual one).</param>
    /// <param name="rejected">The dead-letter hook for samples refused by the join (wrap it in <see cref="RejectionCounters"/> to count).</param>
    /// <param name="accepted">Told of each sample the join accepted, under the pipeline's gate (metrics, views): a
    /// rejected sample must change nothing but the rejection counts. Must return quickly and not throw.</param>
    public DriftPipeline(DriftPipelineOptions options, IScheduler scheduler, IRejectedInputSink rejected, Action<ActiveUsersSample>? accepted = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _rejected = rejected ?? throw new ArgumentNullException(nameof(rejected));
        _accepted = accepted;
    }

    /// <summary>
    /// Joins <paramref name="samples"/> with <paramref name="snapshots"/> of any number of stores and emits,
    /// at every window close, one verdict per known store for each window the watermark passed.
    /// </summary>
    public IObservable<DetectorVerdict> Run(IObservable<StoreSnapshot> snapshots, IObservable<ActiveUsersSample> samples) =>
        Run(snapshots, samples, Observable.Never<Unit>());

    /// <summary>
    /// As <see cref="Run(IObservable{StoreSnapshot}, IObservable{ActiveUsersSample})"/>, and when <paramref name="stop"/>
    /// fires (graceful shutdown, the end of a replay), closes every window that has begun, the current one
    /// included, emits their verdicts and completes: nothing seen is left unreported.
    /// </summary>
    public IObservable<DetectorVerdict> Run(IObservable<StoreSnapshot> snapshots, IObservable<ActiveUsersSample> samples, IObservable<Unit> stop)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(stop);
        return Observable.Create<DetectorVerdict>(observer =>
        {
            var engine = new DriftEngine(_options, _rejected, _scheduler.Now, Corroborates);
            var gate = new object();
            var closed = new List<DetectorVerdict>();
            var subscriptions = new CompositeDisposable();
            void Fail(Exception error)
            {
                lock (gate)
                {
                    observer.OnError(error);
                }
            }

            subscriptions.Add(snapshots.Subscribe(s => { lock (gate) { engine.OnSnapshot(s); } }, Fail));
            subscriptions.Add(samples.Subscribe(
                s =>
                {
                    lock (gate)
                    {
                        if (engine.OnSample(s, _scheduler.Now))
                        {
                            _accepted?.Invoke(s);
                        }
                    }
                },
                Fail));
            subscriptions.Add(_scheduler.Schedule(NextClose(_scheduler.Now), again =>
            {
                lock (gate)
                {
                    engine.ApplyAcceptances(_acceptances);
                    engine.CloseUpTo(_scheduler.Now - _options.Grace, closed);
                    foreach (var verdict in closed)
                    {
                        observer.OnNext(verdict);
                    }

                    closed.Clear();
                }

                again(NextClose(_scheduler.Now));
            }));
            subscriptions.Add(stop.Take(1).Subscribe(_ =>
            {
                lock (gate)
                {
                    engine.CloseUpTo(CurrentWindowEnd(_scheduler.Now), closed);
                    foreach (var verdict in closed)
                    {
                        observer.OnNext(verdict);
                    }

                    closed.Clear();
                    observer.OnCompleted();
                }
            }));
            return subscriptions;
        });
    }

    /// <summary>
    /// An operator's "this drift is the store's new normal": at the next window close the store's baseline is
    /// re-learned from its recent windows and an open alert resolves, marked accepted (see <see cref="LevelAccepted"/>).
    /// Thread-safe; a store the pipeline does not know yet is ignored when the request is applied.
    /// </summary>
    public void AcceptCurrentLevel(string storeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeId);
        _acceptances.Add(storeId);
    }

    /// <summary>The end of the window that contains <paramref name="now"/>.</summary>
    private DateTimeOffset CurrentWindowEnd(DateTimeOffset now)
    {
        var size = _options.WindowSize.Ticks;
        return new DateTimeOffset(((now.UtcTicks / size) + 1) * size, TimeSpan.Zero);
    }

    /// <summary>The next instant a window end plus grace is reached.</summary>
    private DateTimeOffset NextClose(DateTimeOffset now)
    {
        var size = _options.WindowSize.Ticks;
        var watermark = (now - _options.Grace).UtcTicks;
        var nextEnd = ((watermark / size) + 1) * size;
        return new DateTimeOffset(nextEnd, TimeSpan.Zero) + _options.Grace;
    }
}
