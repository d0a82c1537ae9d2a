using System.Text.Json;
using StackExchange.Redis;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// Layouts through the built executable: the id shape of django and laravel checked server-side by the count
/// script (its <c>!</c> pattern) exactly as the client-side scan checks it, and wrong layout settings stopping with
/// one line that names the setting.
/// </summary>
public class LayoutProcessTests
{
    [Theory]
    [InlineData("django", ":1:django.contrib.sessions.cache", 32)]
    [InlineData("laravel", "laravel_database_laravel_cache_:", 40)]
    public async Task Count_IdShape_CountsOnlyIdsOfTheLayoutsLength_WithAndWithoutTheScript(string layout, string prefix, int idLength)
    {
        await using var redis = await RedisServer.StartAsync();
        await using (var mux = await redis.ConnectAsync())
        {
            var db = mux.GetDatabase();
            for (var i = 0; i < 25; i++)
            {
                await db.StringSetAsync(prefix + Id(i, idLength), "session", TimeSpan.FromHours(1));
            }
            // Under the same prefix, none of them a session: one byte short and long, a '-', a '.', a Lua magic
            // character, a two-byte letter making up the length in bytes, and cache entries of any name.
            RedisKey[] others =
            [
                prefix + Id(1, idLength - 1), prefix + Id(2, idLength + 1), prefix + Id(3, idLength - 1) + "-",
                prefix + Id(4, idLength - 1) + ".", prefix + Id(5, idLength - 1) + "%", prefix + Id(6, idLength - 2) + "é",
                prefix + "products:all", prefix + "settings", prefix,
            ];
            foreach (var key in others)
            {
                await db.StringSetAsync(key, "other");
            }
        }

        var scripted = await CountAsync(redis, "--layout", layout);
        var plain = await CountAsync(redis, "--layout", layout, "--no-script");

        Assert.Equal(25, scripted);
        Assert.Equal(scripted, plain);
    }

    [Theory]
    [InlineData("run", "--users", "sim", "--layout", "wordpress")]
    [InlineData("run", "--users", "sim", "--layout", "php", "--exclude", "PHPREDIS_SESSION:*")]
    [InlineData("count", "--layout", "wordpress")]
    [InlineData("count", "--prefix", "sess:", "--exclude", "sess*")]
    public async Task WrongLayoutOrAnExclusionOfEverything_IsOneLineNamingTheSetting_ExitTwo(params string[] args)
    {
        var result = await StreamDriftExecutable.RunAsync([.. args, "--redis", "127.0.0.1:1"]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(args.Contains("--exclude") ? "(Exclude|--exclude)" : "(Layout|--layout)", line);
        Assert.Contains(args.Contains("--exclude") ? "excludes every key under the prefix" : "'wordpress'", line, StringComparison.Ordinal);
    }

    // Letters and digits only, exactly `length` of them, distinct per i.
    private static string Id(int i, int length) => (i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + new string('x', length)).Substring(0, length);

    private static async Task<long> CountAsync(RedisServer redis, params string[] args)
    {
        var result = await StreamDriftExecutable.RunAsync(["count", "--redis", redis.Endpoint, "--json", .. args]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.GetProperty("count").GetInt64();
    }
}
