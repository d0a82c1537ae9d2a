namespace StreamDrift.Redis.Scanning;

/// <summary>
/// The server-side step of a count: ONE <c>SCAN cursor MATCH glob COUNT n</c> page, counted where the keys are,
/// so key names never cross the wire just to be counted. It is exactly one SCAN page plus a walk over that
/// page's matches, so it blocks the server about as long as the plain SCAN page it replaces (the plain page
/// also has to write its keys to the socket; the script turns them into Lua strings instead).
/// <para>
/// ARGV: cursor, COUNT, MATCH glob, sample stride (0: no sample), sample offset, then anchored Lua patterns of
/// keys under the glob that are not sessions (<c>KeyGlob.ToLuaPattern</c>: lock keys such as
/// <c>PHPREDIS_SESSION:*_LOCK</c>); a pattern starting with <c>!</c> is one every session must match instead
/// (the id shape of <c>SessionKeyRules.IdLength</c>; a glob's pattern starts with <c>^</c>, never <c>!</c>). Reply: next cursor, matches, server microseconds (-1 when TIME is refused), then every
/// stride-th match from the offset: a sample for TTL reads that costs a handful of names per page.
/// </para>
/// <para>
/// <c>flags=no-writes</c> lets it run on a read-only replica and on a primary at maxmemory (a script without
/// flags may be refused with OOM exactly when sessions are being evicted). Redis 7.0+; older servers refuse the
/// shebang and the counter falls back to plain SCAN.
/// </para>
/// </summary>
internal static class CountPageScript
{
    public const string Source = """
        #!lua flags=no-writes
        local t0 = redis.pcall('TIME')
        local page = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[3], 'COUNT', ARGV[2])
        local keys = page[2]
        local matches = #keys
        if #ARGV > 5 then
          local required, excluded = {}, {}
          for p = 6, #ARGV do
            if string.byte(ARGV[p], 1) == 33 then
              required[#required + 1] = string.sub(ARGV[p], 2)
            else
              excluded[#excluded + 1] = ARGV[p]
            end
          end
          local kept = {}
          matches = 0
          for i = 1, #keys do
            local key = keys[i]
            local session = true
            for p = 1, #required do
              if not string.find(key, required[p]) then
                session = false
                break
              end
            end
            for p = 1, #excluded do
              if not session then
                break
              end
              session = string.find(key, excluded[p]) == nil
            end
            if session then
              matches = matches + 1
              kept[matches] = key
            end
          end
          keys = kept
        end
        local reply = {page[1], matches, -1}
        local stride = tonumber(ARGV[4])
        if stride > 0 then
          for i = tonumber(ARGV[5]) + 1, matches, stride do
            reply[#reply + 1] = keys[i]
          end
        end
        local t1 = redis.pcall('TIME')
        if type(t0) == 'table' and t0[1] and type(t1) == 'table' and t1[1] then
          reply[3] = (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2])
        end
        return reply
        """;
}
