using System.Globalization;
using StackExchange.Redis;

namespace StreamDrift.Storefront;

/// <summary>
/// Puts the shared instance under memory pressure for an eviction storm: caps maxmemory just above what
/// is used now under allkeys-lru, and puts the operator's settings back afterwards.
/// </summary>
internal sealed class MemoryPressure(IServer server)
{
    private string? _savedMaxMemory;
    private string? _savedPolicy;

    public bool Applied => _savedMaxMemory is not null;

    public async Task ApplyAsync(long headroomBytes)
    {
        _savedMaxMemory = await GetConfigAsync("maxmemory").ConfigureAwait(false);
        _savedPolicy = await GetConfigAsync("maxmemory-policy").ConfigureAwait(false);
        var info = await server.InfoAsync("memory").ConfigureAwait(false);
        var used = info.SelectMany(g => g).First(kv => kv.Key == "used_memory").Value;
        var cap = long.Parse(used, CultureInfo.InvariantCulture) + headroomBytes;
        await server.ConfigSetAsync("maxmemory-policy", "allkeys-lru").ConfigureAwait(false);
        await server.ConfigSetAsync("maxmemory", cap.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }

    public async Task ReleaseAsync()
    {
        if (_savedMaxMemory is null)
        {
            return;
        }
        await server.ConfigSetAsync("maxmemory", _savedMaxMemory).ConfigureAwait(false);
        await server.ConfigSetAsync("maxmemory-policy", _savedPolicy ?? "noeviction").ConfigureAwait(false);
        _savedMaxMemory = null;
    }

    private async Task<string> GetConfigAsync(string name)
    {
        var pairs = await server.ConfigGetAsync(name).ConfigureAwait(false);
        return pairs.Length > 0 ? pairs[0].Value : "";
    }
}
