using System.Reactive.Concurrency;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamDrift.Connectors.File;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Tests.File;

/// <summary>A real file on disk, appended to by the test; polls are driven by virtual time.</summary>
public sealed class JsonLinesFileSourceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"streamdrift-{Guid.NewGuid():N}.jsonl");
    private readonly HistoricalScheduler _scheduler = new(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly RejectionCounters _rejections = new();
    private readonly List<ActiveUsersSample> _samples = [];

    [Fact]
    public void AppendedLines_ArePickedUp_PartialLastLineWaitsForItsNewline_BadLinesAreCountedAndSkipped()
    {
        Append(Line("s1", 100) + Line("s2", 200) + "{\"storeId\":\"s3\",\"conn");
        using var subscription = Source().Observe().Subscribe(_samples.Add);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Equal(["s1", "s2"], _samples.Select(s => s.StoreId));

        Append("ector\":\"c\",\"activeUsers\":300,\"activeWindowSeconds\":60,\"observedAt\":\"2026-11-02T10:00:03Z\"}\r\n"
            + "not json\n"
            + "[\"an array, not a sample\"]\n"
            + "\n"
            + "{\"storeId\":\"s4\",\"connector\":\"c\",\"activeUsers\":1,\"activeWindowSeconds\":60}\n"
            + Line("s5", 500));
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.Equal(["s1", "s2", "s3", "s5"], _samples.Select(s => s.StoreId));
        Assert.Equal(300, _samples[2].ActiveUsers);
        Assert.Equal(1, _rejections[RejectionReason.MalformedJson]);
        Assert.Equal(1, _rejections[RejectionReason.MissingField]);
        Assert.Equal(1, _rejections[RejectionReason.WrongSchema]);
    }

    [Fact]
    public void TruncatedFile_IsReadAgainFromItsStart()
    {
        Append(Line("s1", 100) + Line("s2", 200));
        using var subscription = Source().Observe().Subscribe(_samples.Add);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        System.IO.File.WriteAllText(_path, Line("s9", 900));
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.Equal(["s1", "s2", "s9"], _samples.Select(s => s.StoreId));
    }

    [Fact]
    public void MissingFile_IsWaitedFor_AndFromStartFalseSkipsWhatWasThere()
    {
        using var subscription = Source().Observe().Subscribe(_samples.Add);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(3));
        Append(Line("s1", 1));
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Single(_samples);

        var tail = new List<ActiveUsersSample>();
        using var fromEnd = Source(fromStart: false).Observe().Subscribe(tail.Add);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Append(Line("s2", 2));
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Equal(["s2"], tail.Select(s => s.StoreId));
    }

    [Fact]
    public void OverlongLine_IsRejected_AndTheNextLineStillParses()
    {
        Append(new string('x', 2000));
        using var subscription = Source(maxLine: 1024).Observe().Subscribe(_samples.Add);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Append(new string('y', 500) + "\n" + Line("s1", 1));
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.Equal(1, _rejections[RejectionReason.MalformedJson]);
        Assert.Equal(["s1"], _samples.Select(s => s.StoreId));
    }

    public void Dispose() => System.IO.File.Delete(_path);

    private static string Line(string store, long users) =>
        Encoding.UTF8.GetString(ActiveUsersSampleJson.Serialize(new ActiveUsersSample(store, "shopify", users, 300, new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero)))) + "\n";

    private JsonLinesFileSource Source(bool fromStart = true, int maxLine = 64 * 1024) => new(
        new JsonLinesFileSourceOptions { Path = _path, FromStart = fromStart, MaxLineBytes = maxLine },
        _rejections,
        NullLogger<JsonLinesFileSource>.Instance,
        _scheduler,
        new FakeTimeProvider(_scheduler.Now));

    private void Append(string text) => System.IO.File.AppendAllText(_path, text);
}
