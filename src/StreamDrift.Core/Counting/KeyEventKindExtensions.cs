namespace StreamDrift.Core.Counting;

/// <summary>How each event moves the session-key count.</summary>
public static class KeyEventKindExtensions
{
    /// <summary>+1, -1 or 0: the change this event makes to the number of keys under the prefix.</summary>
    /// <remarks>
    /// <c>rename_to</c> and <c>move_to</c> count 0, not +1: Redis 7.0 publishes <c>new</c> for every key it adds to
    /// a DB, the destination of RENAME and MOVE included (checked on 7.0.15: RENAME a b publishes new on b, then
    /// rename_from on a and rename_to on b), so the arrival is already counted once by <c>new</c>.
    /// <c>rename_from</c> and <c>move_from</c> stay -1: the source leaves without a <c>del</c>.
    /// </remarks>
    public static int CountDelta(this KeyEventKind kind) => kind switch
    {
        KeyEventKind.New => 1,
        KeyEventKind.Del or KeyEventKind.Expired or KeyEventKind.Evicted
            or KeyEventKind.RenameFrom or KeyEventKind.MoveFrom => -1,
        _ => 0,
    };

    /// <summary>The number of distinct kinds, for fixed-size per-kind tallies.</summary>
    public const int Count = (int)KeyEventKind.Other + 1;
}
