using System.Collections.Concurrent;

namespace StreamDrift.Cli.Running;

/// <summary>
/// The stores this process judges right now, each with its operator's "accept the current level" action
/// (<c>POST /stores/{id}/accept-level</c>). A store registers when its judging starts and leaves when it stops,
/// so a store that is configured but not judged here (another instance of the group owns it) is unknown.
/// </summary>
internal sealed class LevelAcceptance
{
    private readonly ConcurrentDictionary<string, Action> _stores = new(StringComparer.Ordinal);

    /// <summary>Registers a judged store; disposing the result unregisters it (only if it is still this action).</summary>
    public IDisposable Register(string storeId, Action accept)
    {
        _stores[storeId] = accept;
        return new Registration(this, storeId, accept);
    }

    /// <summary>Asks the store's judging to accept its current level at the next window; false when the store is not judged here.</summary>
    public bool TryAccept(string storeId)
    {
        if (!_stores.TryGetValue(storeId, out var accept))
        {
            return false;
        }

        accept();
        return true;
    }

    private sealed class Registration(LevelAcceptance owner, string storeId, Action accept) : IDisposable
    {
        public void Dispose() => owner._stores.TryRemove(new KeyValuePair<string, Action>(storeId, accept));
    }
}
