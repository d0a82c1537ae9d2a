namespace StreamDrift.Redis;

/// <summary>
/// The <c>notify-keyspace-events</c> flags StreamDrift needs, and how they merge with what a server already has.
/// Pure string logic, so the merge rules are testable without a server.
/// </summary>
internal static class NotifyKeyspaceEvents
{
    /// <summary>
    /// K keyspace channel, n new key (Redis 7.0+), g generic (del, rename, move, expire, persist),
    /// x expired, e evicted, $ string writes, h hash writes.
    /// </summary>
    public const string Required = "Kngxe$h";

    // What Redis 7.0 means by the alias 'A' (see notify.c): every class except n (new) and m (key miss).
    private const string AliasA = "g$lshzxetd";

    /// <summary>The required flags the current setting lacks, in <see cref="Required"/> order; empty when none.</summary>
    public static string Missing(string current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var hasAll = current.Contains('A', StringComparison.Ordinal);
        var missing = new System.Text.StringBuilder();
        foreach (var flag in Required)
        {
            var present = current.Contains(flag, StringComparison.Ordinal) || (hasAll && AliasA.Contains(flag, StringComparison.Ordinal));
            if (!present)
            {
                missing.Append(flag);
            }
        }
        return missing.ToString();
    }

    /// <summary>
    /// What is still missing after a CONFIG SET, as far as CONFIG GET can tell. Redis 7.0 prints "A" for the
    /// whole class set and then omits 'n' even when it is set (checked against 7.0.15: "AKEn" reads back as
    /// "AKE" and new-key events do arrive), so with 'A' present 'n' cannot be verified and is not reported.
    /// </summary>
    public static string MissingAfterSet(string current)
    {
        var missing = Missing(current);
        return current.Contains('A', StringComparison.Ordinal) ? missing.Replace("n", "", StringComparison.Ordinal) : missing;
    }

    /// <summary>
    /// The value to set: the current flags, untouched, followed by the missing ones. Appending rather than
    /// rebuilding keeps every flag another application relies on (E, l, z, m, ...). Null when nothing is missing.
    /// </summary>
    public static string? Merge(string current)
    {
        var missing = Missing(current);
        return missing.Length == 0 ? null : current + missing;
    }
}
