using StackExchange.Redis;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// The matches of one SCAN page read in place, for both readers of raw pages (the library's raw reply and the
/// count's own sockets): each key name is checked against the layout's rules where it lies in the receive buffer,
/// counted, and every stride-th match from the offset is kept as a key name (stride 0: none).
/// </summary>
internal sealed class PageMatches(SessionKeyRules? rules, int sampleStride, int sampleOffset)
{
    private static readonly RedisKey[] NoKeys = [];
    private List<RedisKey>? _sample;

    public long Count { get; private set; }

    public RedisKey[] Sample => _sample is null ? NoKeys : [.. _sample];

    public void Add(ReadOnlySpan<byte> name)
    {
        if (rules is not null && !rules.IsSession(name))
        {
            return;
        }
        if (sampleStride > 0 && Count >= sampleOffset && (Count - sampleOffset) % sampleStride == 0)
        {
            (_sample ??= []).Add(name.ToArray());
        }
        Count++;
    }
}
