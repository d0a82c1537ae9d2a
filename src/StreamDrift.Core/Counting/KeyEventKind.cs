namespace StreamDrift.Core.Counting;

/// <summary>
/// The keyspace events StreamDrift tells apart. New and the five removals change the count
/// (see <see cref="KeyEventKindExtensions.CountDelta"/>); the rest are signals for writes, renames, TTLs and orphans.
/// </summary>
public enum KeyEventKind
{
    /// <summary>A key was created (Redis 7.0 <c>new</c>): +1.</summary>
    New,
    /// <summary><c>del</c>: -1.</summary>
    Del,
    /// <summary><c>expired</c>: -1.</summary>
    Expired,
    /// <summary><c>evicted</c>: -1.</summary>
    Evicted,
    /// <summary><c>rename_from</c>: -1 (the key left the prefix).</summary>
    RenameFrom,
    /// <summary><c>rename_to</c>: 0, the key arrived under the prefix, already counted by the <c>new</c> Redis publishes with it.</summary>
    RenameTo,
    /// <summary><c>move_from</c>: -1 (moved to another DB).</summary>
    MoveFrom,
    /// <summary><c>move_to</c>: 0, moved in from another DB, already counted by the <c>new</c> Redis publishes with it.</summary>
    MoveTo,
    /// <summary>A string write (<c>set</c>, <c>setex</c>, ...).</summary>
    Set,
    /// <summary>A hash write (<c>hset</c>, ...).</summary>
    HSet,
    /// <summary>A TTL was set or refreshed.</summary>
    Expire,
    /// <summary>A TTL was removed: the key became an orphan candidate.</summary>
    Persist,
    /// <summary>Any other event on a session key.</summary>
    Other,
}
