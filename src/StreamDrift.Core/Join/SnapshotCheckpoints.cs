using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Join;

/// <summary>
/// The full Redis snapshots a store needs at window granularity: for each recent window, the latest
/// snapshot inside it and whether Redis stayed reachable. Window event counts are the difference of the
/// cumulative counts at two window ends; health, TTL and reconcile figures are taken at the window end.
/// A small ring of structs (as many windows as grace and future tolerance can keep open), no per-second state.
/// </summary>
internal sealed class SnapshotCheckpoints(int capacity)
{
    private readonly Checkpoint[] _ring = new Checkpoint[capacity];

    public void Record(long windowIndex, StoreSnapshot snapshot)
    {
        ref var slot = ref _ring[Slot(windowIndex)];
        if (slot.Latest is null || slot.Index != windowIndex)
        {
            if (slot.Latest is not null && slot.Index > windowIndex)
            {
                return; // older than anything the ring still covers
            }

            slot = new Checkpoint(windowIndex, snapshot, snapshot.RedisReachable, snapshot.CountUncertain);
            return;
        }

        if (snapshot.At >= slot.Latest.At)
        {
            slot.Latest = snapshot;
        }

        slot.AllReachable &= snapshot.RedisReachable;
        slot.AnyUncertain |= snapshot.CountUncertain;
    }

    /// <summary>The latest snapshot at or before the end of window <paramref name="windowIndex"/>, if the ring still has one.</summary>
    public StoreSnapshot? LatestUpTo(long windowIndex)
    {
        for (var i = windowIndex; i > windowIndex - _ring.Length; i--)
        {
            ref var slot = ref _ring[Slot(i)];
            if (slot.Latest is not null && slot.Index == i)
            {
                return slot.Latest;
            }
        }

        return null;
    }

    /// <summary>False when any snapshot inside the window said Redis was unreachable, or none arrived and the last one did.</summary>
    public bool ReachableDuring(long windowIndex)
    {
        ref var slot = ref _ring[Slot(windowIndex)];
        if (slot.Latest is not null && slot.Index == windowIndex)
        {
            return slot.AllReachable;
        }

        return LatestUpTo(windowIndex)?.RedisReachable ?? true;
    }

    /// <summary>True when any snapshot inside the window said the count was uncertain, or none arrived and the last one did.</summary>
    public bool UncertainDuring(long windowIndex)
    {
        ref var slot = ref _ring[Slot(windowIndex)];
        if (slot.Latest is not null && slot.Index == windowIndex)
        {
            return slot.AnyUncertain;
        }

        return LatestUpTo(windowIndex)?.CountUncertain ?? false;
    }

    private int Slot(long index) => (int)(((index % _ring.Length) + _ring.Length) % _ring.Length);

    private struct Checkpoint(long index, StoreSnapshot latest, bool allReachable, bool anyUncertain)
    {
        public long Index = index;
        public StoreSnapshot? Latest = latest;
        public bool AllReachable = allReachable;
        public bool AnyUncertain = anyUncertain;
    }
}
