using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Counting;

/// <summary>
/// The live number of session keys under one store's prefixes, moved by keyspace events and corrected by
/// reconcile scans. Lock-free: the hot path is two or three <see cref="Interlocked"/> operations and no
/// per-key state, so memory does not grow with the number of sessions.
/// </summary>
public sealed class SessionKeyCounter
{
    private readonly long[] _perKind = new long[KeyEventKindExtensions.Count];
    private long _value;
    private long _countChangingEvents;
    private long _corrections;
    private long _correctedKeys;

    /// <summary>The current count (may be briefly negative after missed events, until a reconcile).</summary>
    public long Value => Interlocked.Read(ref _value);

    /// <summary>
    /// Events that changed the count since start, monotonic. The difference over a scan is the scan's
    /// uncertainty bound: each such event can make the scan disagree with the counter by at most one.
    /// </summary>
    public long CountChangingEvents => Interlocked.Read(ref _countChangingEvents);

    /// <summary>
    /// Events that raised the count since start, monotonic: how many session keys can have been added to the DB since
    /// an earlier reading of it. Only <c>new</c> raises it (Redis publishes it for renames and moves onto the prefix
    /// too, see <see cref="KeyEventKindExtensions.CountDelta"/>), so this is that kind's tally, not a tally of its own.
    /// </summary>
    public long Arrivals => EventsOf(KeyEventKind.New);

    /// <summary>Reconciles that changed the count.</summary>
    public long Corrections => Interlocked.Read(ref _corrections);

    /// <summary>Sum of |correction| over all reconciles: a measure of the events that were missed.</summary>
    public long CorrectedKeys => Interlocked.Read(ref _correctedKeys);

    /// <summary>Applies one keyspace event: tallies its kind and moves the count by its delta.</summary>
    public void Apply(KeyEventKind kind)
    {
        Interlocked.Increment(ref _perKind[(int)kind]);
        var delta = kind.CountDelta();
        if (delta != 0)
        {
            Interlocked.Add(ref _value, delta);
            Interlocked.Increment(ref _countChangingEvents);
        }
    }

    /// <summary>Events of one kind seen since start.</summary>
    public long EventsOf(KeyEventKind kind) => Interlocked.Read(ref _perKind[(int)kind]);

    /// <summary>Moves the count by a reconcile's correction and records it (zero is not recorded).</summary>
    public void Correct(long delta)
    {
        if (delta == 0)
        {
            return;
        }
        Interlocked.Add(ref _value, delta);
        Interlocked.Increment(ref _corrections);
        Interlocked.Add(ref _correctedKeys, Math.Abs(delta));
    }

    /// <summary>
    /// Moves the count to a first scan's figure. Not a correction: nothing was missed, the count was unknown.
    /// </summary>
    public void Seed(long delta) => Interlocked.Add(ref _value, delta);

    /// <summary>
    /// Cumulative tallies. Renames and moves are folded together: both mean a key arrived under (or left)
    /// the prefix without being created (or deleted).
    /// </summary>
    public SessionEventCounts Events => new(
        New: EventsOf(KeyEventKind.New),
        Set: EventsOf(KeyEventKind.Set),
        HSet: EventsOf(KeyEventKind.HSet),
        Del: EventsOf(KeyEventKind.Del),
        Expired: EventsOf(KeyEventKind.Expired),
        Evicted: EventsOf(KeyEventKind.Evicted),
        Expire: EventsOf(KeyEventKind.Expire),
        Persist: EventsOf(KeyEventKind.Persist),
        RenamedIn: EventsOf(KeyEventKind.RenameTo) + EventsOf(KeyEventKind.MoveTo),
        RenamedOut: EventsOf(KeyEventKind.RenameFrom) + EventsOf(KeyEventKind.MoveFrom),
        Other: EventsOf(KeyEventKind.Other));
}
