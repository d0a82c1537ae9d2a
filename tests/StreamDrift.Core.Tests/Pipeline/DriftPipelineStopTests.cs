using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

public sealed class DriftPipelineStopTests
{
    [Fact]
    public void Stop_ClosesTheOpenWindowsIncludingTheCurrentOne_AndCompletes()
    {
        var scheduler = new HistoricalScheduler(At(10, 0));
        using var snapshots = new Subject<StoreSnapshot>();
        using var samples = new Subject<ActiveUsersSample>();
        using var stop = new Subject<Unit>();
        var verdicts = new List<DetectorVerdict>();
        var completed = false;
        var options = new DriftPipelineOptions { WindowSize = TimeSpan.FromSeconds(10), Grace = TimeSpan.FromSeconds(5) };
        using var _ = new DriftPipeline(options, scheduler, new RejectionCounters())
            .Run(snapshots, samples, stop)
            .Subscribe(verdicts.Add, () => completed = true);

        for (var s = 0; s < 25; s++)
        {
            var t = At(10, 0, s);
            scheduler.AdvanceTo(t);
            snapshots.OnNext(new StoreSnapshot { StoreId = "s1", At = t, SessionKeys = 100 });
            samples.OnNext(new ActiveUsersSample("s1", "test", 95, 300, t));
        }

        // At 10:00:24 the windows [0,10) is closed (10 + 5 grace <= 24); [10,20) and [20,30) are still open.
        Assert.Single(verdicts);
        stop.OnNext(Unit.Default);

        Assert.True(completed);
        Assert.Equal([At(10, 0), At(10, 0, 10), At(10, 0, 20)], verdicts.Select(v => v.Window.Start));
        Assert.Equal(5, verdicts[^1].Window.Samples);
    }
}
