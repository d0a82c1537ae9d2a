namespace StreamDrift.Core.Signals;

/// <summary>
/// Keyspace events seen on the session prefixes, either cumulative since start or over one window
/// (the difference of two cumulative snapshots).
/// </summary>
public readonly record struct SessionEventCounts(
    long New,
    long Set,
    long HSet,
    long Del,
    long Expired,
    long Evicted,
    long Expire,
    long Persist,
    long RenamedIn,
    long RenamedOut,
    long Other)
{
    /// <summary>Writes of any kind: a new key, a string or a hash write.</summary>
    public long Writes => New + Set + HSet;

    /// <summary>Every event of every kind.</summary>
    public long Total => New + Set + HSet + Del + Expired + Evicted + Expire + Persist + RenamedIn + RenamedOut + Other;

    /// <summary>Events over an interval: this cumulative snapshot minus an earlier one.</summary>
    public SessionEventCounts Since(SessionEventCounts earlier) => new(
        New - earlier.New,
        Set - earlier.Set,
        HSet - earlier.HSet,
        Del - earlier.Del,
        Expired - earlier.Expired,
        Evicted - earlier.Evicted,
        Expire - earlier.Expire,
        Persist - earlier.Persist,
        RenamedIn - earlier.RenamedIn,
        RenamedOut - earlier.RenamedOut,
        Other - earlier.Other);
}
