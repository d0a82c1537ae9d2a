using Avro;
using Avro.Generic;
using StreamDrift.Cli.Demo;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Cli.Tests.Demo;

public class DemoViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static GenericRecord Alert()
    {
        var schema = (RecordSchema)Schema.Parse("""
            { "type": "record", "name": "Alert", "fields": [
              { "name": "storeId", "type": "string" },
              { "name": "cause", "type": { "type": "enum", "name": "Cause", "symbols": ["NONE", "SESSIONS_EVICTED"] } } ] }
            """);
        var record = new GenericRecord(schema);
        record.Add("storeId", "demo-shop");
        record.Add("cause", new GenericEnum((EnumSchema)schema["cause"].Schema, "SESSIONS_EVICTED"));
        return record;
    }

    private static void Feed(DemoView view)
    {
        var window = new DriftWindow { StoreId = "demo-shop", Start = T0, End = T0.AddSeconds(5), SessionKeys = 400, ActiveUsers = 1000 };
        view.Narrate("the page cache fills the instance: allkeys-lru starts evicting sessions");
        view.OnSnapshot(new StoreSnapshot { StoreId = "demo-shop", At = T0, SessionKeys = 400 });
        view.OnUsers(new ActiveUsersSample("demo-shop", "sim", 1000, 300, T0));
        view.OnVerdict(new DetectorVerdict { Window = window, State = DriftState.Material, PreviousState = DriftState.Normal }, null);
        view.OnVerdict(new DetectorVerdict { Window = window, State = DriftState.Alerting, PreviousState = DriftState.Material }, Cause.SessionsEvicted);
        view.OnVerdict(new DetectorVerdict { Window = window, State = DriftState.Alerting, PreviousState = DriftState.Alerting }, Cause.SessionsEvicted);
        view.OnPublished("streamdrift.alerts", "alert", Alert());
    }

    [Fact]
    public void Headless_PrintsNarrationStateChangesAndDecodedRecords_AsLines()
    {
        using var output = new StringWriter();
        var view = new DemoView(output, TimeProvider.System, live: false);

        Feed(view);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // the repeated ALERTING verdict is not a change
        Assert.Matches(@"^\[\d\d:\d\d\] the page cache fills", lines[0]);
        Assert.EndsWith("demo-shop: NORMAL -> MATERIAL, drift -600, cause -", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("demo-shop: MATERIAL -> ALERTING, drift -600, cause SESSIONS_EVICTED", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("published streamdrift.alerts: {\"type\":\"alert\",\"storeId\":\"demo-shop\",\"cause\":\"SESSIONS_EVICTED\"}", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Live_PrintsNothingByItself_AndRendersTheFrame()
    {
        using var output = new StringWriter();
        var view = new DemoView(output, TimeProvider.System, live: true);

        Feed(view);
        var frame = view.Render(60);

        Assert.Equal("", output.ToString());
        Assert.Contains("the page cache fills the instance", frame, StringComparison.Ordinal);
        Assert.Matches(@"demo-shop\s+400\s+1000\s+-600\s+ALERTING\s+SESSIONS_EVICTED", frame);
        var recordLine = frame.Split(Environment.NewLine).Single(l => l.StartsWith("streamdrift.alerts", StringComparison.Ordinal));
        Assert.Equal(60, recordLine.Length); // cut to the terminal width
        Assert.EndsWith("…", recordLine, StringComparison.Ordinal);
    }
}
