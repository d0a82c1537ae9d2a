using System.Text;

namespace StreamDrift.Core.Layouts;

/// <summary>
/// A whole-key glob (<c>*</c> any run of bytes, <c>?</c> one byte, everything else literal), compiled once to
/// UTF-8 so that matching a key from a keyspace notification is a walk over two spans: no allocation, no regex.
/// The <c>[...]</c> classes and escapes of Redis globs are not supported, so a pattern cannot mean two things.
/// </summary>
public sealed class KeyGlob
{
    private readonly byte[] _pattern;

    private KeyGlob(string text)
    {
        Text = text;
        _pattern = Encoding.UTF8.GetBytes(text);
        var literal = text.AsSpan().IndexOfAny('*', '?') < 0;
        LiteralLength = literal ? _pattern.Length : -1;
    }

    /// <summary>The glob as configured.</summary>
    public string Text { get; }

    // The byte length of a pattern without wildcards (an exact key), -1 otherwise: the common exact case skips the walk.
    private int LiteralLength { get; }

    /// <summary>Compiles <paramref name="text"/>; throws <see cref="ArgumentException"/> when it is empty or holds <c>[ ] \</c>.</summary>
    public static KeyGlob Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (text.AsSpan().IndexOfAny("[]\\") >= 0)
        {
            throw new ArgumentException("only * and ? are glob characters ([ ] and \\ are not supported)");
        }
        return new KeyGlob(text);
    }

    /// <summary>True when the whole key matches. Iterative with one backtrack point, linear for one star.</summary>
    public bool Matches(ReadOnlySpan<byte> key)
    {
        var pattern = _pattern.AsSpan();
        if (LiteralLength >= 0)
        {
            return key.SequenceEqual(pattern);
        }
        int p = 0, k = 0, starP = -1, starK = 0;
        while (k < key.Length)
        {
            if (p < pattern.Length && (pattern[p] == (byte)'?' || pattern[p] == key[k]))
            {
                p++;
                k++;
            }
            else if (p < pattern.Length && pattern[p] == (byte)'*')
            {
                starP = p++;
                starK = k;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                k = ++starK;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == (byte)'*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>
    /// The same glob as an anchored Lua pattern, for server-side counting scripts: Lua's magic characters are
    /// escaped with <c>%</c>, <c>*</c> becomes <c>.*</c> and <c>?</c> becomes <c>.</c>.
    /// </summary>
    public string ToLuaPattern()
    {
        var sb = new StringBuilder(Text.Length + 8).Append('^');
        foreach (var c in Text)
        {
            switch (c)
            {
                case '*':
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '^' or '$' or '(' or ')' or '%' or '.' or '[' or ']' or '+' or '-':
                    sb.Append('%').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append('$').ToString();
    }

    public override string ToString() => Text;
}
