namespace StreamDrift.Core.Counting;

/// <summary>How each event moves the session-key count.</summary>
public static class KeyEventKindExtensions
{
    /// <summary>+1, -1 or 0: the change this event makes to the number of keys under the prefix.</summary>
    public static int CountDelta(this KeyEventKind kind) => kind switch
    {
        KeyEventKind.New or KeyEventKind.RenameTo or KeyEventKind.MoveTo => 1,
        KeyEventKind.Del or KeyEventKind.Expired or KeyEventKind.Evicted
            or KeyEventKind.RenameFrom or KeyEventKind.MoveFrom => -1,
        _ => 0,
    };

    /// <summary>The number of distinct kinds, for fixed-size per-kind tallies.</summary>
    public const int Count = (int)KeyEventKind.Other + 1;
}
