using System.Text;

namespace StreamDrift.TestSupport.Fuzzing;

/// <summary>
/// Seeded, deterministic hostile inputs for the decoders: each one is a valid seed mutated by one or more of
/// the faults a broken or malicious producer sends (invalid UTF-8, truncation, huge numbers, deep nesting,
/// wrong types, flipped bits, spliced records) or plain random bytes. The same seed always yields the
/// same sequence, so a failure names the input that caused it and reproduces.
/// </summary>
public sealed class FuzzInputs
{
    /// <summary>Byte sequences that are not UTF-8: a lone continuation, overlongs, a surrogate, 0xFF, a cut sequence.</summary>
    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xC0, 0xAF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFF], [0xFE, 0xFF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ];

    private static readonly string[] HugeNumbers =
    [
        "99999999999999999999999999", "-99999999999999999999999999", "1e400", "-1e400", "9223372036854775808",
        "-9223372036854775809", "2147483648", "1.7976931348623157e309", "0.0000000000000000000000001", "1E+2147483647", "-0", "00012",
    ];

    private static readonly string[] WrongValues =
    [
        "null", "true", "false", "[]", "{}", "\"\"", "\"x\"", "0", "-1", "[1,2]", "{\"a\":1}", "\"2026-13-45T99:99:99Z\"", "\"\\ud800\"", "\"\\u0000\"",
    ];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _seeds;

    /// <param name="seed">The random seed (fixed in tests).</param>
    /// <param name="seeds">Valid inputs of the decoder under test; mutations start from them.</param>
    public FuzzInputs(int seed, IReadOnlyList<byte[]> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("at least one seed input is required", nameof(seeds));
        }

        _random = new Random(seed);
        _seeds = seeds;
    }

    /// <summary><paramref name="count"/> inputs: about one in eight left valid, the rest mutated or random.</summary>
    public IEnumerable<byte[]> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    public byte[] Next()
    {
        var input = _seeds[_random.Next(_seeds.Count)];
        var roll = _random.Next(16);
        if (roll < 2)
        {
            return input;
        }

        if (roll == 2)
        {
            return RandomBytes(_random.Next(0, 64));
        }

        // One to three mutations stacked: real garbage is rarely damaged in only one way.
        var rounds = 1 + _random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            input = Mutate(input);
        }

        return input;
    }

    private byte[] Mutate(byte[] input) => _random.Next(11) switch
    {
        0 => Truncate(input),
        1 => InsertAt(input, InvalidUtf8[_random.Next(InvalidUtf8.Length)]),
        2 => ReplaceQuotedText(input, InvalidUtf8[_random.Next(InvalidUtf8.Length)]),
        3 => ReplaceNumber(input, Encoding.ASCII.GetBytes(HugeNumbers[_random.Next(HugeNumbers.Length)])),
        4 => ReplaceValue(input, Encoding.ASCII.GetBytes(WrongValues[_random.Next(WrongValues.Length)])),
        5 => Nest(input),
        6 => FlipBits(input),
        7 => Splice(input, _seeds[_random.Next(_seeds.Count)]),
        8 => InsertAt(input, RandomBytes(1 + _random.Next(8))),
        9 => ReplaceByte(input),
        _ => Repeat(input),
    };

    private byte[] Truncate(byte[] input) => input.Length == 0 ? input : input[.._random.Next(input.Length)];

    private byte[] InsertAt(byte[] input, byte[] insert)
    {
        var at = _random.Next(input.Length + 1);
        return [.. input.AsSpan(0, at), .. insert, .. input.AsSpan(at)];
    }

    /// <summary>Puts bad bytes inside a string value, where a decoder transcodes them (the crash of issue 16).</summary>
    private byte[] ReplaceQuotedText(byte[] input, byte[] insert)
    {
        var quote = NthIndexOf(input, (byte)'"');
        return quote < 0 ? InsertAt(input, insert) : [.. input.AsSpan(0, quote + 1), .. insert, .. input.AsSpan(quote + 1)];
    }

    /// <summary>Replaces the digits after a colon with another number text.</summary>
    private byte[] ReplaceNumber(byte[] input, byte[] number)
    {
        var start = FindValueStart(input, isNumber: true);
        if (start < 0)
        {
            return InsertAt(input, number);
        }

        var end = start;
        while (end < input.Length && (char.IsAsciiDigit((char)input[end]) || input[end] is (byte)'-' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+'))
        {
            end++;
        }

        return [.. input.AsSpan(0, start), .. number, .. input.AsSpan(end)];
    }

    /// <summary>Replaces one value (a string or a number) with a value of another type.</summary>
    private byte[] ReplaceValue(byte[] input, byte[] value)
    {
        var start = FindValueStart(input, isNumber: false);
        if (start < 0)
        {
            return InsertAt(input, value);
        }

        var end = start;
        if (input[start] == (byte)'"')
        {
            end = Array.IndexOf(input, (byte)'"', start + 1);
            end = end < 0 ? input.Length : end + 1;
        }
        else
        {
            while (end < input.Length && input[end] is not ((byte)',' or (byte)'}' or (byte)']'))
            {
                end++;
            }
        }

        return [.. input.AsSpan(0, start), .. value, .. input.AsSpan(end)];
    }

    /// <summary>Wraps the input (or one of its values) in deep array or object nesting.</summary>
    private byte[] Nest(byte[] input)
    {
        var depth = _random.Next(2) == 0 ? _random.Next(2, 80) : _random.Next(500, 5000);
        var asObject = _random.Next(2) == 0;
        var open = asObject ? "{\"a\":"u8 : "["u8;
        var close = asObject ? "}"u8 : "]"u8;
        var core = _random.Next(2) == 0 ? input : "1"u8.ToArray();
        var closed = _random.Next(4) != 0; // sometimes left unclosed
        var text = new List<byte>(core.Length + (depth * 6));
        for (var i = 0; i < depth; i++)
        {
            text.AddRange(open);
        }

        text.AddRange(core);
        for (var i = 0; closed && i < depth; i++)
        {
            text.AddRange(close);
        }

        var nested = text.ToArray();
        var valueStart = FindValueStart(input, isNumber: false);
        return valueStart >= 0 && _random.Next(2) == 0
            ? [.. input.AsSpan(0, valueStart), .. nested, .. input.AsSpan(valueStart)]
            : nested;
    }

    private byte[] FlipBits(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var copy = (byte[])input.Clone();
        var flips = 1 + _random.Next(4);
        for (var i = 0; i < flips; i++)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] ReplaceByte(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var copy = (byte[])input.Clone();
        ReadOnlySpan<byte> interesting = [0x00, 0xFF, 0x7F, 0x80, (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)',', (byte)':', 0x01, 0xC3];
        copy[_random.Next(copy.Length)] = interesting[_random.Next(interesting.Length)];
        return copy;
    }

    private byte[] Splice(byte[] first, byte[] second)
    {
        var cutFirst = _random.Next(first.Length + 1);
        var cutSecond = _random.Next(second.Length + 1);
        return [.. first.AsSpan(0, cutFirst), .. second.AsSpan(cutSecond)];
    }

    private byte[] Repeat(byte[] input)
    {
        var times = 2 + _random.Next(3);
        var all = new byte[input.Length * times];
        for (var i = 0; i < times; i++)
        {
            input.CopyTo(all, i * input.Length);
        }

        return all;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private int NthIndexOf(byte[] input, byte value)
    {
        var count = 0;
        foreach (var b in input)
        {
            if (b == value)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return -1;
        }

        var wanted = _random.Next(count);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == value && wanted-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The start of a value after a colon (a number's first digit when <paramref name="isNumber"/>), or -1.</summary>
    private int FindValueStart(byte[] input, bool isNumber)
    {
        var colon = NthIndexOf(input, (byte)':');
        for (var tries = 0; colon >= 0 && tries < 4; tries++)
        {
            var start = colon + 1;
            while (start < input.Length && input[start] == (byte)' ')
            {
                start++;
            }

            if (start < input.Length && (!isNumber || char.IsAsciiDigit((char)input[start]) || input[start] == (byte)'-'))
            {
                return start;
            }

            colon = NthIndexOf(input, (byte)':');
        }

        return -1;
    }
}
