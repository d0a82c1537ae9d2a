using System.Text;

namespace StreamDrift.Redis;

/// <summary>
/// How a session prefix is matched by SCAN. The scanning itself is in <see cref="Scanning.ServerPageScanner"/>
/// (one bounded page per server step), <see cref="Scanning.ServerKeyCounter"/> (a count) and
/// <see cref="Scanning.PacedScan"/> (a reconcile).
/// </summary>
public static class SessionKeyScanner
{
    /// <summary>The glob for a literal prefix: MATCH treats * ? [ ] \ specially, so a prefix holding them is escaped.</summary>
    public static string MatchPattern(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var sb = new StringBuilder(prefix.Length + 2);
        foreach (var c in prefix)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.Append('*').ToString();
    }
}
