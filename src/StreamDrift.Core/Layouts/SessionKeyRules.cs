using System.Text;
using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Layouts;

/// <summary>
/// What is one session among the keys under a store's prefixes: a key under a prefix, not matching any
/// exclusion glob (lock keys, expiry markers, index keys), and, when the layout says so, whose id after the
/// prefix has the framework's exact shape (Laravel: 40 letters and digits, beside every cache entry under the
/// same prefix). Compiled once; <see cref="IsSession(ReadOnlySpan{byte})"/> allocates nothing, so it runs per keyspace event.
/// </summary>
public sealed class SessionKeyRules
{
    // Probe tails for "excludes everything": a glob that matches the prefix followed by none, one and many of a
    // byte no glob literal holds can only be doing so with a star over the whole tail.
    private static readonly string[] ProbeTails = ["", "\u0001", new string('\u0001', 64)];

    private readonly byte[][] _prefixes;
    private readonly KeyGlob[] _exclusions;

    private SessionKeyRules(IReadOnlyList<string> prefixes, KeyGlob[] exclusions, int idLength)
    {
        Prefixes = prefixes;
        _prefixes = new byte[prefixes.Count][];
        for (var i = 0; i < prefixes.Count; i++)
        {
            _prefixes[i] = Encoding.UTF8.GetBytes(prefixes[i]);
        }
        _exclusions = exclusions;
        IdLength = idLength;
    }

    /// <summary>The prefixes, overlaps removed (<see cref="SessionPrefixes.Normalize"/>).</summary>
    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>The exclusion globs.</summary>
    public IReadOnlyList<KeyGlob> Exclusions => _exclusions;

    /// <summary>Exact length of a session id after its prefix, letters and digits only; 0 when any id counts.</summary>
    public int IdLength { get; }

    /// <summary>False when every key under a prefix is a session: the hot path then skips reading the key.</summary>
    public bool InspectsKeys => _exclusions.Length > 0 || IdLength > 0;

    /// <summary>Every key under the prefixes is one session.</summary>
    public static SessionKeyRules PrefixesOnly(IEnumerable<string> prefixes) => Create(prefixes, [], 0);

    /// <summary>
    /// Compiles the rules. Throws <see cref="ArgumentException"/> for an invalid glob or one
    /// that excludes every key under a prefix: such a store would always count zero.
    /// </summary>
    public static SessionKeyRules Create(IEnumerable<string> prefixes, IEnumerable<string> exclusions, int idLength)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        ArgumentOutOfRangeException.ThrowIfNegative(idLength);
        var normalized = SessionPrefixes.Normalize(prefixes);
        var globs = new List<KeyGlob>();
        foreach (var text in exclusions)
        {
            var glob = KeyGlob.Parse(text);
            foreach (var prefix in normalized)
            {
                if (ExcludesAllUnder(glob, prefix))
                {
                    throw new ArgumentException($"excludes every key under the prefix '{prefix}', so nothing would be counted");
                }
            }
            globs.Add(glob);
        }
        return new SessionKeyRules(normalized, [.. globs], idLength);
    }

    /// <summary>True when <paramref name="key"/> (UTF-8) is one session under these rules.</summary>
    public bool IsSession(ReadOnlySpan<byte> key)
    {
        var prefixLength = -1;
        foreach (var prefix in _prefixes)
        {
            if (key.StartsWith(prefix))
            {
                prefixLength = prefix.Length;
                break;
            }
        }
        if (prefixLength < 0 || (IdLength > 0 && !IsId(key[prefixLength..])))
        {
            return false;
        }
        foreach (var exclusion in _exclusions)
        {
            if (exclusion.Matches(key))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The string form of <see cref="IsSession(ReadOnlySpan{byte})"/>, for scans and tests (allocates).</summary>
    public bool IsSession(string key) => IsSession(Encoding.UTF8.GetBytes(key));

    private bool IsId(ReadOnlySpan<byte> id)
    {
        if (id.Length != IdLength)
        {
            return false;
        }
        foreach (var b in id)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ExcludesAllUnder(KeyGlob glob, string prefix)
    {
        foreach (var tail in ProbeTails)
        {
            if (!glob.Matches(Encoding.UTF8.GetBytes(prefix + tail)))
            {
                return false;
            }
        }
        return true;
    }
}
