namespace StreamDrift.Core.Pipeline;

/// <summary>
/// Operators' acceptances of a store's current level, queued from any thread (an HTTP handler, a command) and
/// drained by the pipeline under its gate at the next window close.
/// </summary>
internal sealed class AcceptanceRequests
{
    private readonly object _gate = new();
    private HashSet<string> _pending = new(StringComparer.Ordinal);

    public void Add(string storeId)
    {
        lock (_gate)
        {
            _pending.Add(storeId);
        }
    }

    public IReadOnlyCollection<string> Drain()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return [];
            }

            var drained = _pending;
            _pending = new HashSet<string>(StringComparer.Ordinal);
            return drained;
        }
    }
}
