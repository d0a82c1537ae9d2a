using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

/// <summary>Per-second key history only as far back as the join reaches; the day kept coarse beside it.</summary>
public sealed class DriftPipelineFootprintTests
{
    [Fact]
    public void ADayOfStores_KeepsSecondsOnlyForTheJoin_AndTheDayAsMinuteAndFiveMinuteBuckets()
    {
        const int stores = 4;
        var options = new DriftPipelineOptions();
        var engine = new DriftEngine(options, new RejectionCounters(), At(0, 0));
        var verdicts = new List<DetectorVerdict>();
        StoreHistory? history = null;
        for (var s = 0; s < 25 * 3600; s++)
        {
            var now = At(0, 0, s);
            for (var i = 0; i < stores; i++)
            {
                engine.OnSnapshot(new StoreSnapshot { StoreId = $"s{i}", At = now, SessionKeys = 1000 + i });
                if (s % 30 == 0)
                {
                    Assert.True(engine.OnSample(new ActiveUsersSample($"s{i}", "test", 900 + (s / 3600), 300, now), now));
                }
            }

            verdicts.Clear();
            engine.CloseUpTo(now - options.Grace, verdicts);
            history ??= verdicts.Find(v => v.Window.StoreId == "s2")?.Window.History;
        }

        // 226 s of ints and 120 + 288 buckets of six floats per store; a day of seconds would be 345,600 bytes each.
        var perStore = engine.RetainedHistoryBytes / stores;
        Assert.True(perStore <= (256 * sizeof(int)) + (408 * 24), $"{perStore} bytes per store");
        var points = new List<HistoryPoint>();
        Assert.NotNull(history);
        history.CopyTo(points);
        Assert.Equal(1002, points[^1].KeysMax);
        Assert.Equal(900 + 24, points[^1].UsersMean);
        Assert.InRange(points.Count(p => p.Start > points[^1].Start.AddHours(-2)), 116, 120);
        Assert.Equal(points[^1].Start.AddHours(-24).AddMinutes(2), points[0].Start); // the oldest five-minute bucket within the day
        Assert.Equal(901, points[0].UsersMin); // the last closed window is 24:58: 288 five-minute buckets back from 24:55 start at 1:00
    }

    [Fact]
    public void SampleAtTheOldestOpenWindowStart_ArrivingJustBeforeItsClose_JoinsTheKeysOfItsOwnSecond()
    {
        var options = new DriftPipelineOptions { WindowSize = TimeSpan.FromMinutes(10), Grace = TimeSpan.FromMinutes(30), FutureTolerance = TimeSpan.Zero };
        using var h = new PipelineHarness(At(10, 0), options);
        h.KeysEverySecond("s1", At(10, 0), At(11, 0), t => 1000 + (long)(t - At(10, 0)).TotalSeconds);
        h.Sample(At(10, 39, 59), new ActiveUsersSample("s1", "test", 500, 300, At(10, 0)));

        h.AdvanceTo(At(10, 40, 1));

        Assert.Equal(0, h.Rejections.Total);
        Assert.Equal(1000, h.VerdictFor("s1", At(10, 0)).Window.SessionKeys);
    }
}
