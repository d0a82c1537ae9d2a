using Microsoft.Extensions.Logging;

namespace StreamDrift.Redis;

/// <summary>
/// Every way keyspace events can be lost (a dropped or restored subscription, shed messages, a flush seen in
/// INFO, flags switched off, a correction beyond its bound) ends here: counted, logged, and answered with a
/// reconcile request. From the first gap until a reconcile settles the count (<see cref="Settled"/>) the count
/// is <see cref="Open"/>: snapshots carry it, and Core publishes those windows as uncertain, never judging them.
/// </summary>
internal sealed class KeyspaceGaps(ReconcileRequests reconcileRequests, ILogger logger)
{
    private long _count;
    private long _shed;
    private volatile bool _open;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>True from a gap until a later reconcile found the count exact within its bound.</summary>
    public bool Open => _open;

    /// <summary>Messages shed unread because the library's backlog passed the limit.</summary>
    public long Shed => Interlocked.Read(ref _shed);

    public void Record(string reason)
    {
        Note(reason);
        reconcileRequests.Request(reason);
    }

    /// <summary>Asks for a reconcile for a gap already counted (the end of an outage that began with one).</summary>
    public void Reconcile(string reason)
    {
        _open = true;
        reconcileRequests.Request(reason);
    }

    /// <summary>Counts a gap the reconcile loop already answers (a correction beyond its bound).</summary>
    public void Note(string reason)
    {
        _open = true;
        Interlocked.Increment(ref _count);
        WatcherLog.Gap(logger, reason);
    }

    /// <summary>
    /// A reconcile that started after the last gap found nothing beyond its bound: the count is trusted again.
    /// <paramref name="gapsAtStart"/> is <see cref="Count"/> when that reconcile started.
    /// </summary>
    public void Settled(long gapsAtStart)
    {
        if (Count == gapsAtStart)
        {
            _open = false;
        }
    }

    public void RecordShed(long count)
    {
        Interlocked.Add(ref _shed, count);
        Record($"shed {count} keyspace messages");
    }
}
