using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Pipeline;

/// <summary>
/// The join, the windows and the detector for many stores, without Rx and without locks: the caller
/// serialises calls (<see cref="DriftPipeline"/> does it with one gate). Snapshots feed the history,
/// samples join as of their event time into open windows, and <see cref="CloseUpTo"/> closes every
/// window the watermark has passed, for every store, whether data arrived or not.
/// </summary>
internal sealed partial class DriftEngine
{
    private readonly DriftPipelineOptions _options;
    private readonly IRejectedInputSink _rejected;
    private readonly SampleValidator _validator;
    private readonly MedianScratch _scratch = new();
    private readonly Dictionary<string, StoreWindowState> _stores = new(StringComparer.Ordinal);
    private readonly Func<DetectorVerdict, bool>? _corroborates;
    private readonly long _windowTicks;
    private readonly int _historySeconds;

    /// <summary>Every window with a lower index is closed, for every store.</summary>
    private long _closedBefore;

    public DriftEngine(DriftPipelineOptions options, IRejectedInputSink rejected, DateTimeOffset start, Func<DetectorVerdict, bool>? corroborates = null)
    {
        _corroborates = corroborates;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _rejected = rejected ?? throw new ArgumentNullException(nameof(rejected));
        _windowTicks = options.WindowSize.Ticks;
        _historySeconds = options.JoinHistorySeconds;
        _validator = new SampleValidator(options.FutureTolerance, IsKnownStore);
        _closedBefore = WindowIndex(start - options.Grace);
    }

    public int StoreCount => _stores.Count;

    /// <summary>Bytes of the bounded per-store arrays (per-second rings and coarse history): what grows with stores and horizon.</summary>
    public long RetainedHistoryBytes
    {
        get
        {
            long bytes = 0;
            foreach (var store in _stores.Values)
            {
                bytes += store.History.RetainedBytes + store.Series.RetainedBytes;
            }

            return bytes;
        }
    }

    public void OnSnapshot(StoreSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var store = GetOrAdd(snapshot.StoreId, snapshot.At);
        store.History.Record(snapshot.At, snapshot.SessionKeys);
        store.Checkpoints.Record(WindowIndex(snapshot.At), snapshot);
    }

    /// <summary>Joins one sample into its window; false (and the sample handed to the dead-letter hook) when rejected.</summary>
    public bool OnSample(ActiveUsersSample sample, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (!_validator.TryValidate(sample, now, out var reason, out var detail))
        {
            return Reject(sample, reason, detail, now);
        }

        var index = WindowIndex(sample.ObservedAt);
        if (index < _closedBefore)
        {
            return Reject(sample, RejectionReason.LateBeyondGrace, "its window closed after the grace period", now);
        }

        var store = GetOrAdd(sample.StoreId, sample.ObservedAt);
        if (!store.History.TryGetAsOf(sample.ObservedAt, out var sessionKeys))
        {
            return Reject(sample, RejectionReason.OlderThanHistory, "no session-key count that far back", now);
        }

        if (store.IsDuplicate(sample.ObservedAt))
        {
            return Reject(sample, RejectionReason.Duplicate, "same store and event time seen already", now);
        }

        if (!store.TryAdd(index, sessionKeys, new ActiveUsersSampleValues(sample.ActiveUsers, sample.Orders, sample.ObservedAt, sample.ActiveWindowSeconds)))
        {
            return Reject(sample, RejectionReason.FutureEventTime, "beyond the open windows", now);
        }

        return true;
    }

    /// <summary>Hands each requested acceptance to its store's detector (the next judged window applies it).</summary>
    public void ApplyAcceptances(AcceptanceRequests requests)
    {
        foreach (var storeId in requests.Drain())
        {
            if (_stores.TryGetValue(storeId, out var store))
            {
                store.Detector.AcceptCurrentLevel();
            }
        }
    }

    private bool IsKnownStore(string storeId) => _options.KnownStores?.Contains(storeId) ?? _stores.ContainsKey(storeId);

    // UtcTicks are positive for any real date, so integer division is the floor (doubles would lose ticks at this magnitude).
    private long WindowIndex(DateTimeOffset at) => at.UtcTicks / _windowTicks;

    private DateTimeOffset WindowStart(long index) => new(index * _windowTicks, TimeSpan.Zero);

    private StoreWindowState GetOrAdd(string storeId, DateTimeOffset firstSeen)
    {
        if (_stores.TryGetValue(storeId, out var store))
        {
            return store;
        }

        var detectorOptions = _options.StoreDetectors.GetValueOrDefault(storeId, _options.Detector);
        store = new StoreWindowState(
            storeId,
            _historySeconds,
            _options.OpenWindows,
            _options.WindowSize,
            _options.TrendHorizon,
            new StoreDetector(detectorOptions, _scratch, _corroborates),
            Math.Max(_closedBefore, WindowIndex(firstSeen)),
            firstSeen);
        _stores.Add(storeId, store);
        return store;
    }

    private bool Reject(ActiveUsersSample sample, RejectionReason reason, string detail, DateTimeOffset now)
    {
        // The payload is rebuilt only for rejects: the accepted path stays allocation-free.
        _rejected.Reject(new RejectedInput("pipeline", reason, detail, ActiveUsersSampleJson.Serialize(sample), now, sample.StoreId));
        return false;
    }
}
