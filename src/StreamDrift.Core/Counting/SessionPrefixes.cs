namespace StreamDrift.Core.Counting;

/// <summary>The prefixes of one store, reduced so that no key is counted twice.</summary>
public static class SessionPrefixes
{
    /// <summary>
    /// Drops duplicates and every prefix that another configured prefix already covers
    /// (<c>sess:</c> covers <c>sess:eu:</c>): both would subscribe and scan the same keys, and count them twice.
    /// Ordinal, case-sensitive, as Redis compares keys.
    /// </summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var sorted = new List<string>();
        foreach (var prefix in prefixes)
        {
            if (string.IsNullOrEmpty(prefix))
            {
                throw new ArgumentException("a session prefix must not be empty (it would match every key of the DB)", nameof(prefixes));
            }
            sorted.Add(prefix);
        }
        // Shorter first, so a covering prefix is kept before anything it covers is considered.
        sorted.Sort((a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));
        var kept = new List<string>(sorted.Count);
        foreach (var candidate in sorted)
        {
            var covered = false;
            foreach (var k in kept)
            {
                if (candidate.StartsWith(k, StringComparison.Ordinal))
                {
                    covered = true;
                    break;
                }
            }
            if (!covered)
            {
                kept.Add(candidate);
            }
        }
        return kept;
    }
}
