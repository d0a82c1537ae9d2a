using System.Text.Json;
using StreamDrift.Cli.Card;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Tests.Card;

public class CardBoardTests
{
    private static CardBoard Board() => new([("eu", new CardBand(50, 0.05)), ("us", new CardBand(200, 0.10))]);

    private static JsonElement Json(CardBoard board, long since = -1)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CardJson.Write(writer, board, CardFeed.T0, since);
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Headline_HasTheLiveCount_TheLatestSamplesUsers_AndTheLastWindowsDrift()
    {
        var board = Board();

        board.OnWindow(CardFeed.Window("eu", 0, keys: 1100, users: 1000, DriftState.Material, cause: Cause.SessionsEvicted));
        board.OnSnapshot(new StoreSnapshot
        {
            StoreId = "eu", At = CardFeed.T0, SessionKeys = 1234,
            Health = new RedisHealth { SampledAt = CardFeed.T0, EvictedKeysPerSecond = 2.5, UsedMemoryBytes = 900, MaxMemoryBytes = 1000, DbKeys = 5000, ConnectedClients = 12, MaxClients = 100, InstantaneousOpsPerSecond = 400 },
        });
        board.OnUsers(new ActiveUsersSample("eu", "shopify", 1180, 300, CardFeed.T0, Orders: 7));

        var eu = Json(board).GetProperty("stores")[0];
        var h = eu.GetProperty("headline");
        Assert.Equal("eu", eu.GetProperty("id").GetString());
        Assert.Equal(1234, h.GetProperty("sessionKeys").GetDouble());
        Assert.Equal(1180, h.GetProperty("activeUsers").GetDouble());
        Assert.Equal(100, h.GetProperty("drift").GetDouble());
        Assert.Equal(10, h.GetProperty("driftPercent").GetDouble());
        Assert.Equal("MATERIAL", h.GetProperty("state").GetString());
        Assert.Equal("SESSIONS_EVICTED", h.GetProperty("cause").GetString());
        Assert.Equal(0.9, h.GetProperty("confidence").GetDouble());
        var s = eu.GetProperty("signals");
        Assert.Equal(150, s.GetProperty("evictedPerMinute").GetDouble());
        Assert.Equal(90, s.GetProperty("memoryPercent").GetDouble());
        Assert.Equal(5000, s.GetProperty("dbKeys").GetDouble());
        Assert.Equal(7, s.GetProperty("ordersPerMinute").GetDouble());
        var point = eu.GetProperty("history").GetProperty("points")[0];
        Assert.Equal(CardFeed.T0.ToUnixTimeSeconds(), point[0].GetInt64());
        Assert.Equal(1100, point[1].GetDouble());
        // Band: users 1000 + expected drift 20, give or take max(50 keys, 5 % of 1000).
        Assert.Equal(970, point[3].GetDouble());
        Assert.Equal(1070, point[4].GetDouble());
    }

    [Fact]
    public void Alerts_OpenUpdateResolve_OneEntry_NewestFirst_NoOpenAlertAfterResolution()
    {
        var board = Board();

        board.OnWindow(CardFeed.Window("eu", 3, 400, 1000, DriftState.Alerting, CardFeed.Alert("eu", AlertTransition.Opened, 3, 3), Cause.SessionsEvicted));
        var open = Json(board).GetProperty("stores")[0].GetProperty("open");
        Assert.Equal("SESSIONS_EVICTED", open.GetProperty("cause").GetString());
        Assert.Equal("Redis is evicting session keys.", open.GetProperty("reading").GetString());
        Assert.Equal(2, open.GetProperty("mitigations").GetArrayLength());

        board.OnWindow(CardFeed.Window("eu", 4, 380, 1000, DriftState.Alerting, CardFeed.Alert("eu", AlertTransition.Updated, 3, 4), Cause.SessionsEvicted));
        board.OnWindow(CardFeed.Window("eu", 9, 1000, 1000, DriftState.Normal, CardFeed.Alert("eu", AlertTransition.Resolved, 3, 9)));
        board.OnWindow(CardFeed.Window("eu", 20, 300, 1000, DriftState.Alerting, CardFeed.Alert("eu", AlertTransition.Opened, 20, 20, Cause.SessionsExpiringEarly), Cause.SessionsExpiringEarly));

        var eu = Json(board).GetProperty("stores")[0];
        var alerts = eu.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Equal("SESSIONS_EXPIRING_EARLY", alerts[0].GetProperty("cause").GetString());
        Assert.Equal(JsonValueKind.Null, alerts[0].GetProperty("resolvedAt").ValueKind);
        Assert.Equal(CardFeed.T0.AddSeconds(10).ToUnixTimeMilliseconds(), alerts[1].GetProperty("resolvedAt").GetInt64());
        Assert.Equal("SESSIONS_EXPIRING_EARLY", eu.GetProperty("open").GetProperty("cause").GetString());

        board.OnWindow(CardFeed.Window("eu", 25, 1000, 1000, DriftState.Normal, CardFeed.Alert("eu", AlertTransition.Resolved, 20, 25, Cause.SessionsExpiringEarly)));
        Assert.Equal(JsonValueKind.Null, Json(board).GetProperty("stores")[0].GetProperty("open").ValueKind);
    }

    [Fact]
    public void Updates_CarryOnlyTheStoresChangedSinceTheClientsVersion_WithTheLastPoints()
    {
        var board = Board();
        for (var i = 0; i < 10; i++)
        {
            board.OnWindow(CardFeed.Window("eu", i, 1000, 1000));
            board.OnWindow(CardFeed.Window("us", i, 500, 500));
        }
        var since = board.Version;
        board.OnWindow(CardFeed.Window("us", 10, 510, 500));

        var update = Json(board, since);

        var store = Assert.Single(update.GetProperty("stores").EnumerateArray());
        Assert.Equal("us", store.GetProperty("id").GetString());
        Assert.True(store.GetProperty("history").GetProperty("tail").GetBoolean());
        Assert.Equal(2, store.GetProperty("history").GetProperty("points").GetArrayLength());
        Assert.Equal(11, Json(board).GetProperty("stores")[1].GetProperty("history").GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task WaitForChange_CompletesOnTheNextChange_AndInputForUnknownStoresChangesNothing()
    {
        var board = Board();
        var seen = board.Version;
        var waiting = board.WaitForChangeAsync(seen, CancellationToken.None);

        board.OnUsers(new ActiveUsersSample("nobody", "x", 5, 300, CardFeed.T0));
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, Json(board).GetProperty("stores").GetArrayLength());

        board.OnUsers(new ActiveUsersSample("us", "x", 5, 300, CardFeed.T0));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(seen + 1, board.Version);
    }
}
