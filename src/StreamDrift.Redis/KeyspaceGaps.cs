using Microsoft.Extensions.Logging;

namespace StreamDrift.Redis;

/// <summary>
/// Every way keyspace events can be lost (a dropped or restored subscription, shed messages, a flush seen in
/// INFO) ends here: counted, logged, and answered with a reconcile request.
/// </summary>
internal sealed class KeyspaceGaps(ReconcileRequests reconcileRequests, ILogger logger)
{
    private long _count;
    private long _shed;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Messages shed unread because the library's backlog passed the limit.</summary>
    public long Shed => Interlocked.Read(ref _shed);

    public void Record(string reason)
    {
        Interlocked.Increment(ref _count);
        WatcherLog.Gap(logger, reason);
        reconcileRequests.Request(reason);
    }

    public void RecordShed(long count)
    {
        Interlocked.Add(ref _shed, count);
        Record($"shed {count} keyspace messages");
    }
}
