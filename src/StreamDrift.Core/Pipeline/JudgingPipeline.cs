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

    public JudgingPipeline(JudgingOptions options, IScheduler scheduler, IRejectedInputSink rejected)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = new DriftPipeline(options.Pipeline, scheduler, rejected);
        _tracker = new AlertTracker(new CauseClassifier(options.Classifier), options.Tracker);
    }

    /// <summary>Judged windows until <paramref name="stop"/> closes the open ones and completes.</summary>
    public IObservable<TrackedWindow> Run(IObservable<StoreSnapshot> snapshots, IObservable<ActiveUsersSample> samples, IObservable<Unit> stop) =>
        _pipeline.Run(snapshots, samples, stop).Select(_tracker.Track);
}
