using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

public class NotificationSetupTests
{
    [Fact]
    public async Task Start_MergesTheNeededFlags_AndFlagsSetByAnotherApplicationSurvive()
    {
        await using var server = await RedisServer.StartAsync("--notify-keyspace-events", "Elzm");
        await using var connection = await server.ConnectAsync();

        await using (await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:")))
        {
            var flags = (await connection.GetServers()[0].ConfigGetAsync("notify-keyspace-events"))[0].Value;
            foreach (var flag in "ElzmKngxe$h")
            {
                Assert.Contains(flag, flags);
            }
        }
    }

    [Fact]
    public async Task Start_WithFlagsAlreadySet_ChangesNothing()
    {
        await using var server = await RedisServer.StartAsync("--notify-keyspace-events", "KEA$hn");
        await using var connection = await server.ConnectAsync();
        var before = (await connection.GetServers()[0].ConfigGetAsync("notify-keyspace-events"))[0].Value;

        await using (await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:", o => o.ConfigureNotifications = false)))
        {
            var after = (await connection.GetServers()[0].ConfigGetAsync("notify-keyspace-events"))[0].Value;
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public async Task Start_WhenConfigIsRefused_FailsWithOneLineNamingTheFlags()
    {
        await using var server = await RedisServer.StartAsync("--rename-command", "CONFIG", "");
        await using var connection = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<RedisSetupException>(() => WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:")));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("notify-keyspace-events", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Kngxe$h'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenAnAclForbidsConfig_FailsWithOneLineNamingTheFlags()
    {
        await using var server = await RedisServer.StartAsync();
        await using (var admin = await server.ConnectAsync())
        {
            await admin.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "storefront", "on", ">secret", "~*", "&*", "+@all", "-config");
        }
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(new StackExchange.Redis.ConfigurationOptions
        {
            EndPoints = { server.Endpoint },
            User = "storefront",
            Password = "secret",
            AllowAdmin = true,
        });

        var error = await Assert.ThrowsAsync<RedisSetupException>(() => WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:")));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("CONFIG GET refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("NOPERM", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Kngxe$h'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenNotAllowedToChangeFlags_NamesTheMissingOnesAndTheValueToSet()
    {
        await using var server = await RedisServer.StartAsync("--notify-keyspace-events", "Ex");
        await using var connection = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<RedisSetupException>(() =>
            WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:", o => o.ConfigureNotifications = false)));

        // Redis normalises "Ex" to "xE"; the value to set keeps it and appends exactly what is missing.
        Assert.Contains("lacks 'Knge$h'", error.Message, StringComparison.Ordinal);
        Assert.Contains("set it to 'xEKnge$h'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlagsBehindTheAliasA_TheUnreadableNewFlag_IsNeverTakenForASwitchedOffFlag()
    {
        // Redis 7.0 reads "AKEn" back as "AKE": 'n' is set (new-key events arrive) but cannot be seen.
        await using var server = await RedisServer.StartAsync("--notify-keyspace-events", "AKEn");
        await using var connection = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:"));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "the seed");
        var first = watcher.LastHealth!.SampledAt;

        // Five INFO intervals, each of which re-checks the flags.
        await Eventually.Until(() => watcher.LastHealth!.SampledAt >= first + (5 * TimeSpan.FromMilliseconds(200)), Eventually.DefaultDeadline, "five more INFO samples");
        await connection.GetDatabase().StringSetAsync("sess:1", "x");
        await Eventually.Until(() => watcher.Counter.Value == 1, Eventually.DefaultDeadline, "the new key counted from its event");

        Assert.Equal(0, watcher.GetMetrics().Gaps);
    }
}
