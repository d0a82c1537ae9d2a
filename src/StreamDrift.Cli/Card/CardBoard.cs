using StreamDrift.Core.Alerts;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Card;

/// <summary>
/// The card of every store the process runs, in configuration order: fed the same snapshots, samples and
/// judged windows as the other outputs, read by the web view (<c>/</c>, <c>/card.json</c>, <c>/events</c>)
/// and the demo's terminal. Stores not configured are ignored, so input can never add a card.
/// </summary>
internal sealed class CardBoard
{
    private readonly Dictionary<string, StoreCard> _stores = new(StringComparer.Ordinal);
    private readonly List<StoreCard> _order = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public CardBoard(IEnumerable<(string StoreId, CardBand Band)> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        foreach (var (id, band) in stores)
        {
            var card = new StoreCard(id, band);
            _stores[id] = card;
            _order.Add(card);
        }
    }

    /// <summary>Rises with every change of any store.</summary>
    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyList<StoreCard> Stores => _order;

    public StoreCard? Store(string storeId) => _stores.GetValueOrDefault(storeId);

    public void OnSnapshot(StoreSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Change(snapshot.StoreId, (card, v) => card.Apply(snapshot, v));
    }

    public void OnUsers(ActiveUsersSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Change(sample.StoreId, (card, v) => card.Apply(sample, v));
    }

    public void OnWindow(TrackedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Change(window.Verdict.Window.StoreId, (card, v) => card.Apply(window, v));
    }

    /// <summary>Completes once <see cref="Version"/> is above <paramref name="seen"/> (at once if it already is).</summary>
    public Task WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            if (_version > seen)
            {
                return Task.CompletedTask;
            }
            changed = _changed.Task;
        }
        return changed.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="read"/> with the store's card locked, so a view never sees half an update.</summary>
    public T Read<T>(StoreCard card, Func<StoreCard, T> read)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(read);
        lock (card)
        {
            return read(card);
        }
    }

    private void Change(string storeId, Action<StoreCard, long> apply)
    {
        if (!_stores.TryGetValue(storeId, out var card))
        {
            return;
        }
        TaskCompletionSource wake;
        lock (card)
        {
            lock (_lock)
            {
                _version++;
                wake = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                apply(card, _version);
            }
        }
        wake.TrySetResult();
    }
}
