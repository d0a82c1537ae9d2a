using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

public sealed class DriftPipelineJoinTests
{
    /// <summary>Keys grow by one a second, so the joined count tells exactly which second a sample was joined at.</summary>
    private static long Ramp(DateTimeOffset t) => 1000 + (long)(t - At(10, 0)).TotalSeconds;

    [Fact]
    public void OutOfOrderSamples_JoinTheCountAsOfTheirOwnEventTime()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0), At(10, 5), Ramp);
        h.Sample(At(10, 1, 52), new ActiveUsersSample("s1", "test", 500, 300, At(10, 1, 50)));
        h.Sample(At(10, 1, 55), new ActiveUsersSample("s1", "test", 700, 300, At(10, 1, 10)));

        h.AdvanceTo(At(10, 2, 31));

        var window = h.VerdictFor("s1", At(10, 1)).Window;
        Assert.Equal(2, window.Samples);
        Assert.Equal((1110 + 1070) / 2.0, window.SessionKeys);
        Assert.Equal(600, window.ActiveUsers);
        Assert.Equal(0, h.Rejections.Total);
    }

    [Fact]
    public void SampleLateWithinGrace_IsJoinedIntoItsWindow()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0), At(10, 5), Ramp);
        h.Sample("s1", At(10, 1, 30), 400, delay: TimeSpan.FromSeconds(50)); // arrives 10:02:20, window closes 10:02:30

        h.AdvanceTo(At(10, 2, 31));

        var window = h.VerdictFor("s1", At(10, 1)).Window;
        Assert.Equal(1, window.Samples);
        Assert.Equal(1090, window.SessionKeys);
        Assert.Equal(0, h.Rejections.Total);
    }

    [Fact]
    public void SampleLateBeyondGrace_IsCountedAndDropped_AndProcessingGoesOn()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0), At(10, 5), Ramp);
        h.Sample("s1", At(10, 1, 20), 400, delay: TimeSpan.FromSeconds(5));
        h.Sample("s1", At(10, 1, 40), 9999, delay: TimeSpan.FromSeconds(60)); // arrives 10:02:40, after the 10:02:30 close
        h.Sample("s1", At(10, 2, 45), 410, delay: TimeSpan.FromSeconds(1));

        h.AdvanceTo(At(10, 3, 31));

        Assert.Equal(1, h.Rejections[RejectionReason.LateBeyondGrace]);
        var closed = h.VerdictFor("s1", At(10, 1)).Window;
        Assert.Equal(1, closed.Samples);
        Assert.Equal(400, closed.ActiveUsers);
        Assert.Equal(410, h.VerdictFor("s1", At(10, 2)).Window.ActiveUsers);
        Assert.Null(h.Error);
    }

    [Fact]
    public void DuplicateSample_IsCountedOnceAndRejectedOnce()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0), At(10, 5), Ramp);
        var sample = new ActiveUsersSample("s1", "test", 400, 300, At(10, 1, 15));
        h.Sample(At(10, 1, 16), sample);
        h.Sample(At(10, 1, 40), sample with { }); // a redelivery: equal content, a new object

        h.AdvanceTo(At(10, 2, 31));

        Assert.Equal(1, h.VerdictFor("s1", At(10, 1)).Window.Samples);
        Assert.Equal(1, h.Rejections[RejectionReason.Duplicate]);
    }

    [Fact]
    public void WindowsCloseOnTheClock_WhenNothingArrivesAtAll()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0), At(10, 0, 10), Ramp);

        h.AdvanceTo(At(10, 10, 31));

        // One verdict per window from the store's first window to the one the watermark just passed.
        var starts = h.Verdicts.Select(v => v.Window.Start).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => At(10, i)).ToList(), starts);
        Assert.True(h.Verdicts[^1].Window.Stale);
    }

    [Fact]
    public void WindowCarriesEventDifferencesAndTheRedisFiguresAtItsEnd()
    {
        using var h = new PipelineHarness(At(10, 0));
        for (var s = 0; s < 180; s++)
        {
            var at = At(10, 0, 0).AddSeconds(s);
            h.Snapshot(new Signals.StoreSnapshot
            {
                StoreId = "s1",
                At = at,
                SessionKeys = 100,
                Events = new Signals.SessionEventCounts(New: s * 2, 0, 0, Del: s, Expired: 0, Evicted: s / 10, 0, 0, 0, 0, 0),
                Health = new Signals.RedisHealth { SampledAt = at, UsedMemoryBytes = s },
                RedisReachable = s != 100,
                CountUncertain = s is 110 or 111,
            });
        }

        h.Sample("s1", At(10, 1, 10), 90, TimeSpan.FromSeconds(2));
        h.AdvanceTo(At(10, 2, 31));

        var window = h.VerdictFor("s1", At(10, 1)).Window;
        Assert.Equal(120, window.Events.New);   // cumulative at 10:01:59 (s=119) minus at 10:00:59 (s=59), x2
        Assert.Equal(60, window.Events.Del);
        Assert.Equal(6, window.Events.Evicted);
        Assert.Equal(119, window.Health!.UsedMemoryBytes);
        Assert.False(window.RedisReachable);    // s=100 (10:01:40) said unreachable
        Assert.True(h.VerdictFor("s1", At(10, 0)).Window.RedisReachable);
        Assert.True(window.CountUncertain);     // s=110-111: a keyspace gap was being repaired
        Assert.False(h.VerdictFor("s1", At(10, 0)).Window.CountUncertain);
        Assert.Equal(10, window.Drift);
        Assert.Equal(10 / 90.0, window.DriftRatio!.Value, 9);
    }

    [Fact]
    public void OtherKeys_AreReadAgainstTheCountInfoWasTakenWith_NotTheSnapshotsLaterOne()
    {
        using var h = new PipelineHarness(At(10, 0));
        for (var s = 0; s < 120; s++)
        {
            var at = At(10, 0, 0).AddSeconds(s);
            // Sessions expire en masse: the snapshot's count is 50 keys below the one INFO was taken with.
            h.Snapshot(new Signals.StoreSnapshot
            {
                StoreId = "s1",
                At = at,
                SessionKeys = 1000 - (5 * s),
                Health = new Signals.RedisHealth { SampledAt = at.AddSeconds(-1), DbKeys = 1500 - (5 * s) + 5, SessionKeys = 1000 - (5 * s) + 5 },
            });
            h.Snapshot(new Signals.StoreSnapshot
            {
                StoreId = "s2",
                At = at,
                SessionKeys = 1000,
                Health = new Signals.RedisHealth { SampledAt = at, DbKeys = 1500 },
            });
        }

        h.Sample("s1", At(10, 1, 10), 900, TimeSpan.FromSeconds(2));
        h.Sample("s2", At(10, 1, 10), 900, TimeSpan.FromSeconds(2));
        h.AdvanceTo(At(10, 2, 31));

        Assert.Equal(1000 - (5 * 119) + 5, h.VerdictFor("s1", At(10, 1)).Window.SessionKeysAtHealth);
        Assert.Equal(1000, h.VerdictFor("s2", At(10, 1)).Window.SessionKeysAtHealth);   // INFO without a count: the snapshot's
    }

    [Fact]
    public void InvalidOptions_AreRefusedWithTheSettingName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DriftPipelineOptions { WindowSize = TimeSpan.FromMilliseconds(500) }.Validate());
        Assert.Contains("DriftPipelineOptions.WindowSize", ex.Message, StringComparison.Ordinal);
        var detector = Assert.Throws<ArgumentException>(() => new DriftPipelineOptions
        {
            StoreDetectors = new Dictionary<string, Core.Detection.DetectorOptions> { ["s9"] = new() { SustainedWindows = 0 } },
        }.Validate());
        Assert.Contains("StoreDetectors[s9].SustainedWindows", detector.Message, StringComparison.Ordinal);
    }
}
