using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Pipeline;

/// <summary>
/// The whole judgement of a store: join, windows and detector (<see cref="DriftPipeline"/>), then the
/// alert tracker and its classifier, emitting one <see cref="TrackedWindow"/> per window. Live <c>run</c>,
/// <c>demo</c> and <c>replay</c> all judge through this one composition, so a replay tunes exactly what
/// production runs. The tracker lives as long as this instance: a resubscription after an input failure
/// keeps the open alerts.
/// </summary>
public sealed class JudgingPipeline
{
    private readonly DriftPipeline _pipeline;
    private readonly AlertTracker _tracker;

    /// <param name="options">The store's judging settings.</param>
    /// <param name="scheduler">The clock of the windows.</param>
    /// <param name="rejected">The dead-letter hook for refused samples.</param>
    /// <param name="accepted">Told of each accepted sample (metrics, views): a rejected one must change nothing but the rejection counts.</param>
    public JudgingPipeline(JudgingOptions options, IScheduler scheduler, IRejectedInputSink rejected, Action<ActiveUsersSample>? accepted = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tracker = new AlertTracker(new CauseClassifier(options.Classifier), options.Tracker);
        // The detector asks the tracker's classifier whether direct evidence corroborates a drift before its full
        // sustained run: both run under the pipeline's gate, one window at a time.
        _pipeline = new DriftPipeline(options.Pipeline, scheduler, rejected, accepted) { Corroborates = _tracker.Corroborates };
    }

    /// <summary>
    /// An operator accepts the store's current drift as its new normal: at the next window close its baseline
    /// re-learns from the recent windows and an open alert resolves, recorded in the alert lifecycle (reading
    /// and the evidence <c>level_accepted_by_operator</c>). Thread-safe.
    /// </summary>
    public void AcceptCurrentLevel(string storeId) => _pipeline.AcceptCurrentLevel(storeId);

    /// <summary>Judged windows until <paramref name="stop"/> closes the open ones and completes.</summary>
    public IObservable<TrackedWindow> Run(IObservable<StoreSnapshot> snapshots, IObservable<ActiveUsersSample> samples, IObservable<Unit> stop) =>
        _pipeline.Run(snapshots, samples, stop).Select(_tracker.Track);
}
