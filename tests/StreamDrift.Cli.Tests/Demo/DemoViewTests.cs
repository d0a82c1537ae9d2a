using Avro;
using Avro.Generic;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Demo;
using StreamDrift.Cli.Tests.Card;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Tests.Demo;

public class DemoViewTests
{
    private static GenericRecord Alert()
    {
        var schema = (RecordSchema)Schema.Parse("""
            { "type": "record", "name": "Alert", "fields": [
              { "name": "storeId", "type": "string" },
              { "name": "transition", "type": { "type": "enum", "name": "AlertTransition", "symbols": ["OPENED", "UPDATED", "RESOLVED"] } },
              { "name": "cause", "type": { "type": "enum", "name": "Cause", "symbols": ["NONE", "SESSIONS_EVICTED"] } },
              { "name": "confidence", "type": "double" } ] }
            """);
        var record = new GenericRecord(schema);
        record.Add("storeId", "demo-shop");
        record.Add("transition", new GenericEnum((EnumSchema)schema["transition"].Schema, "OPENED"));
        record.Add("cause", new GenericEnum((EnumSchema)schema["cause"].Schema, "SESSIONS_EVICTED"));
        record.Add("confidence", 0.875);
        return record;
    }

    private static (DemoView View, CardBoard Board) Feed(TextWriter output, bool live)
    {
        var board = new CardBoard([("demo-shop", new CardBand(50, 0.05))]);
        var view = new DemoView(output, TimeProvider.System, live, board);
        view.Narrate("the page cache fills the instance: allkeys-lru starts evicting sessions");
        board.OnSnapshot(new StoreSnapshot
        {
            StoreId = "demo-shop", At = CardFeed.T0, SessionKeys = 400,
            Health = new RedisHealth { SampledAt = CardFeed.T0, EvictedKeysPerSecond = 20, UsedMemoryBytes = 64 << 20, MaxMemoryBytes = 64 << 20, MaxMemoryPolicy = "allkeys-lru", DbKeys = 9000, ConnectedClients = 5, MaxClients = 10000, InstantaneousOpsPerSecond = 800 },
        });
        board.OnUsers(new ActiveUsersSample("demo-shop", "sim", 1000, 300, CardFeed.T0, Orders: 4));
        for (var i = 0; i < 30; i++)
        {
            var w = CardFeed.Window("demo-shop", i, 1000 + (i % 3), 980);
            board.OnWindow(w);
            view.OnWindow(w);
        }
        var alerting = CardFeed.Window("demo-shop", 30, 400, 1000, DriftState.Alerting, CardFeed.Alert("demo-shop", AlertTransition.Opened, 30, 30), Cause.SessionsEvicted);
        board.OnWindow(alerting);
        view.OnWindow(alerting);
        view.OnPublished("streamdrift.alerts", "alert", Alert());
        return (view, board);
    }

    [Fact]
    public void Headless_PrintsNarration_OneReadableLinePerWindow_AndAlertTransitions()
    {
        using var output = new StringWriter();

        Feed(output, live: false);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 31 + 1, lines.Length);
        Assert.Matches(@"^\[\d\d:\d\d\] the page cache fills", lines[0]);
        Assert.Matches(@"^\[\d\d:\d\d\] demo-shop 12:00:01  keys 1,000  users 980  drift \+20 \+2\.0 %  NORMAL  cause -$", lines[1]);
        Assert.EndsWith("demo-shop 12:00:31  keys 400  users 1,000  drift -600 -60.0 %  ALERTING  cause SESSIONS_EVICTED 90 %", lines[31], StringComparison.Ordinal);
        Assert.EndsWith("published streamdrift.alerts: OPENED SESSIONS_EVICTED store demo-shop confidence 0.88", lines[32], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains('{', StringComparison.Ordinal));
    }

    [Fact]
    public void Live_PrintsNothingByItself_AndDrawsSparklinesSignalsAndTheOpenAlert()
    {
        using var output = new StringWriter();
        var (view, _) = Feed(output, live: true);
        view.CardUrl = "http://127.0.0.1:9464/";

        var frame = view.Render(100);

        Assert.Equal("", output.ToString());
        var lines = frame.Split(Environment.NewLine);
        Assert.Contains("the page cache fills the instance", lines[0], StringComparison.Ordinal);
        Assert.Contains("the card: http://127.0.0.1:9464/", lines, StringComparer.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("demo-shop  ALERTING  sessions evicted (90", StringComparison.Ordinal));
        var keys = Assert.Single(lines, l => l.StartsWith("  session keys", StringComparison.Ordinal));
        Assert.Matches(@"session keys\s+400  [▁-█]{31}$", keys);
        Assert.EndsWith("▁", keys, StringComparison.Ordinal); // the last window fell to 400 of ~1,000
        Assert.Contains("  evicted/min 1,200 · memory 100 % of 64 MB (allkeys-lru) · expired/min 0", lines, StringComparer.Ordinal);
        Assert.Contains("  clients 5/10,000 · ops/s 800 vs orders/min 4 · DB keys 9,000", lines, StringComparer.Ordinal);
        Assert.Contains("  OPEN ALERT: sessions evicted, confidence 87 %, peak drift -600", lines, StringComparer.Ordinal);
        Assert.Contains("    Redis is evicting session keys.", lines, StringComparer.Ordinal);
        Assert.Contains("   - Give sessions a dedicated Redis.", lines, StringComparer.Ordinal);
        var record = Assert.Single(lines, l => l.StartsWith("streamdrift.alerts", StringComparison.Ordinal));
        Assert.True(record.Length <= 100);
    }
}
