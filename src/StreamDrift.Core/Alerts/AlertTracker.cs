using System.Globalization;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Alerts;

/// <summary>
/// Turns the detector's verdicts into alert transitions: OPENED when a store starts alerting, UPDATED
/// when the cause changes or the confidence or peak drift moves enough to matter, RESOLVED when it stops.
/// Keeps, per store, the recent healthy windows the classifier compares against. Feed it the verdicts
/// of one store in window order; not thread-safe (one pipeline stage calls it).
/// </summary>
public sealed class AlertTracker
{
    private readonly CauseClassifier _classifier;
    private readonly AlertTrackerOptions _options;
    private readonly Dictionary<string, Queue<DriftWindow>> _healthy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DriftAlert> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waited = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _ttlSamples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DriftWindow>> _sinceHealthy = new(StringComparer.Ordinal);

    /// <summary>
    /// Windows since the last healthy one the classifier reads the drift's own evidence over: enough for the onset
    /// of a drift to still count when the alert opens or updates (the sustained run is 3-5 windows at the presets),
    /// few enough that evictions long past cannot explain a drift that lasted on for another reason.
    /// </summary>
    private const int SinceHealthyWindows = 10;

    /// <summary>Creates a tracker; throws when an option is out of range.</summary>
    public AlertTracker(CauseClassifier classifier, AlertTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _classifier = classifier;
        _options = options;
    }

    /// <summary>Alerts currently open, by store.</summary>
    public IReadOnlyDictionary<string, DriftAlert> Open => _open;

    /// <summary>
    /// True when the classifier names the cause of a material window (not yet alerting) from direct evidence, against
    /// the store's healthy history: the detector may then alert before the full sustained run
    /// (<see cref="DetectorOptions.CorroboratedWindows"/>). Changes nothing; call it from the thread that calls <see cref="Track"/>.
    /// </summary>
    public bool Corroborates(DetectorVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Window.Stale || verdict.Window.CountUncertain)
        {
            return false;
        }

        var history = _healthy.TryGetValue(verdict.Window.StoreId, out var h) ? h.ToArray() : [];
        var diagnosis = _classifier.Classify(verdict, history, SinceHealthy(verdict.Window.StoreId));
        return diagnosis.Direct && diagnosis.Cause is not (Cause.Unknown or Cause.None or Cause.ConnectorStale);
    }

    /// <summary>Classifies the verdict's window and returns the alert transition it causes, if any.</summary>
    public TrackedWindow Track(DetectorVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var store = verdict.Window.StoreId;
        if (!_healthy.TryGetValue(store, out var history))
        {
            history = new Queue<DriftWindow>(_options.HistoryWindows);
            _healthy[store] = history;
        }
        RecordTtlSample(verdict.Window);
        var diagnosis = Sticky(verdict, _classifier.Classify(verdict, [.. history], SinceHealthy(store)));
        // Only windows the detector learned are the store's healthy history: a fault building up below the floors
        // (writes gone to another prefix at night, judged normal but held out of the baseline) must not become the
        // usual writes per user a collapse is measured against.
        if (verdict.State == DriftState.Normal && verdict.Learned && !verdict.Window.Stale && !verdict.Window.CountUncertain)
        {
            Push(history, verdict.Window, _options.HistoryWindows);
            _sinceHealthy.Remove(store);
        }
        else
        {
            RememberSinceHealthy(verdict.Window);
        }
        return new TrackedWindow(verdict, diagnosis, Transition(verdict, diagnosis));
    }

    private DriftWindow[] SinceHealthy(string store) => _sinceHealthy.TryGetValue(store, out var windows) ? [.. windows] : [];

    private void RememberSinceHealthy(DriftWindow w)
    {
        if (!_sinceHealthy.TryGetValue(w.StoreId, out var windows))
        {
            windows = new Queue<DriftWindow>(SinceHealthyWindows);
            _sinceHealthy[w.StoreId] = windows;
        }
        Push(windows, w, SinceHealthyWindows);
    }

    /// <summary>Appends to a queue that keeps only its newest <paramref name="capacity"/> items.</summary>
    private static void Push<T>(Queue<T> queue, T item, int capacity)
    {
        if (queue.Count == capacity)
        {
            queue.Dequeue();
        }
        queue.Enqueue(item);
    }

    private DriftAlert? Transition(DetectorVerdict verdict, Diagnosis diagnosis)
    {
        var w = verdict.Window;
        if (w.CountUncertain)
        {
            // Published, not judged: an uncertain window never opens, updates or resolves an alert.
            return null;
        }
        _open.TryGetValue(w.StoreId, out var open);
        if (verdict.State == DriftState.Alerting)
        {
            if (open is null && WaitForEvidence(verdict, diagnosis))
            {
                return null;
            }

            if (open is null)
            {
                var opened = New(w, diagnosis, AlertTransition.Opened, w.End, Offset(verdict), 1);
                _open[w.StoreId] = opened;
                return opened;
            }
            var peak = Math.Abs(Offset(verdict)) > Math.Abs(open.PeakDrift) ? Offset(verdict) : open.PeakDrift;
            var next = New(w, diagnosis, AlertTransition.Updated, open.OpenedAt, peak, open.Windows + 1);
            var worth = diagnosis.Cause != open.Cause
                || Math.Abs(diagnosis.Confidence - open.Confidence) >= _options.ConfidenceStep
                || Math.Abs(peak) >= (1 + _options.PeakGrowth) * Math.Abs(open.PeakDrift);
            // Quiet windows still advance the open alert's count and peak; only notable changes are published.
            _open[w.StoreId] = worth ? next : open with { PeakDrift = peak, Windows = open.Windows + 1 };
            return worth ? next : null;
        }
        _waited.Remove(w.StoreId);
        if (open is null)
        {
            return null;
        }
        _open.Remove(w.StoreId);
        if (verdict.Accepted != LevelAccepted.None)
        {
            return Accepted(open, verdict);
        }

        // The resolution keeps the cause that was alerted on: consumers close the alert they opened.
        return open with
        {
            Transition = AlertTransition.Resolved,
            At = w.End,
            Windows = open.Windows + 1,
            Reading = verdict.State == DriftState.Stale
                ? "Alert closed: the connector went stale, so the drift is unknown. " + open.Reading
                : string.Create(CultureInfo.InvariantCulture, $"Resolved after {open.Windows} windows; peak drift {open.PeakDrift:N0}. ") + open.Reading,
        };
    }

    // While the detector alerts but no evidence names a cause yet, wait up to EvidenceWaitWindows windows rather
    // than page UNKNOWN: the TTL sample or INFO figure that tells is often one reconcile away. Sampled TTLs show a
    // bad TTL only as keys written since take over the sample (the keys of shoppers who left keep their old TTL
    // until they expire), so until two reconciles have sampled the keys since the drift began the evidence is still
    // building, and the wait goes on, up to ReconcileWaitWindows.
    private const int TtlSamplesToWaitFor = 2;

    private void RecordTtlSample(DriftWindow w)
    {
        if (w.Ttl is not { } ttl)
        {
            return;
        }

        if (!_ttlSamples.TryGetValue(w.StoreId, out var times))
        {
            times = new Queue<DateTimeOffset>(TtlSamplesToWaitFor + 1);
            _ttlSamples[w.StoreId] = times;
        }

        if (times.Count > 0 && times.Last() >= ttl.SampledAt)
        {
            return;
        }

        Push(times, ttl.SampledAt, TtlSamplesToWaitFor);
    }

    private bool WaitForEvidence(DetectorVerdict verdict, Diagnosis diagnosis)
    {
        if (diagnosis.Cause != Cause.Unknown)
        {
            return false;
        }

        var store = verdict.Window.StoreId;
        var waited = _waited.GetValueOrDefault(store);
        var driftBegan = verdict.Window.End - (Math.Max(verdict.ConsecutiveMaterial, 1) * (verdict.Window.End - verdict.Window.Start));
        var samplesOfDrift = _ttlSamples.TryGetValue(store, out var times) ? times.Count(t => t >= driftBegan) : 0;
        if (waited >= (samplesOfDrift < TtlSamplesToWaitFor ? Math.Max(_options.EvidenceWaitWindows, _options.ReconcileWaitWindows) : _options.EvidenceWaitWindows))
        {
            return false;
        }

        _waited[store] = waited + 1;
        return true;
    }

    // A lasting shift the detector accepted as the store's new level (re-learned, or an operator's call) closes
    // the alert; the record says so, in the reading and as evidence, so consumers can tell it from a recovery.
    private static DriftAlert Accepted(DriftAlert open, DetectorVerdict verdict)
    {
        var evidence = new Dictionary<string, double>(open.Evidence)
        {
            [verdict.Accepted == LevelAccepted.Operator ? "level_accepted_by_operator" : "level_relearned"] = 1,
        };
        var why = verdict.Accepted == LevelAccepted.Operator
            ? "an operator accepted the current level as the store's new normal"
            : "the drift held one level for the re-learning horizon and became the store's new baseline";
        return open with
        {
            Transition = AlertTransition.Resolved,
            At = verdict.Window.End,
            Windows = open.Windows + 1,
            Evidence = evidence,
            Reading = string.Create(CultureInfo.InvariantCulture, $"Resolved after {open.Windows} windows: {why}; peak drift {open.PeakDrift:N0}. ") + open.Reading,
        };
    }

    /// <summary>
    /// While an alert is open, a window without a sample, or without evidence of its own (UNKNOWN: the evictions have stopped but
    /// the sessions they took are still missing) keeps the cause that opened it instead of flipping the
    /// alert to UNKNOWN. Evidence of another cause still updates it.
    /// </summary>
    private Diagnosis Sticky(DetectorVerdict verdict, Diagnosis diagnosis)
    {
        // A window no sample fell in (not stale yet) judges nothing: an open alert keeps what it said.
        var noSample = (verdict.Window.Drift is null && !verdict.Window.Stale) || verdict.Window.CountUncertain;
        if ((diagnosis.Cause != Cause.Unknown && !noSample) || verdict.State != DriftState.Alerting
            || !_open.TryGetValue(verdict.Window.StoreId, out var open) || (open.Cause == Cause.Unknown && !noSample))
        {
            return diagnosis;
        }
        return new Diagnosis(open.Cause, open.Confidence, open.Evidence, open.Reading, open.Mitigations);
    }

    // The peak is measured as drift beyond the baseline, so a store's permanent offset never inflates it.
    private static double Offset(DetectorVerdict v) => v.Window.Drift is { } d ? d - (v.ExpectedDrift ?? 0) : 0;

    private static DriftAlert New(DriftWindow w, Diagnosis d, AlertTransition transition, DateTimeOffset openedAt, double peak, int windows) => new()
    {
        AlertId = string.Create(CultureInfo.InvariantCulture, $"{w.StoreId}:{openedAt.ToUnixTimeMilliseconds()}"),
        StoreId = w.StoreId,
        Transition = transition,
        Cause = d.Cause,
        Confidence = d.Confidence,
        Evidence = d.Evidence,
        Reading = d.Reading,
        Mitigations = d.Mitigations,
        OpenedAt = openedAt,
        At = w.End,
        PeakDrift = peak,
        Windows = windows,
    };
}
