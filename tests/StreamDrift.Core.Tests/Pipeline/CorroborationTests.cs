using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

/// <summary>
/// The judging pipeline wires its alert tracker's classifier into the detector: at medium sensitivity a drift opens
/// an alert after 2 material windows when Redis itself shows the cause (READONLY refusals), after 3 otherwise.
/// A steady store (6,000 keys, 6,100 users, +-0.5 % noise) loses a third of its keys at 11:00; 60 s windows, 30 s
/// grace, a sample every 30 s arriving 4 s late.
/// </summary>
public sealed class CorroborationTests
{
    [Fact]
    public void KeysLostWhileADemotedPrimaryRefusesWrites_AlertOpensOnTheSecondMaterialWindow_NamingWritesFailing()
    {
        var opened = Assert.Single(Judge(readOnlyErrorsPerSecond: 40), j => j.Alert is { Transition: AlertTransition.Opened });

        Assert.Equal(At(11, 2), opened.Verdict.Window.End); // material 11:00 and 11:01: corroborated after two windows
        Assert.True(opened.Verdict.Corroborated);
        Assert.Equal(2, opened.Verdict.ConsecutiveMaterial);
        Assert.Equal(Cause.SessionWritesFailing, opened.Alert!.Cause);
        Assert.Equal(40, opened.Alert.Evidence["readonly_errors_per_second"]);
    }

    [Fact]
    public void SameLossWithoutRedisSideEvidence_WaitsForTheSustainedRun()
    {
        // (The alert itself then waits for evidence before it opens as UNKNOWN: AlertTrackerOptions.EvidenceWaitWindows.)
        var alerting = Judge(readOnlyErrorsPerSecond: 0).First(j => j.Verdict.State == DriftState.Alerting).Verdict;

        Assert.Equal(At(11, 3), alerting.Window.End); // material 11:00, 11:01, 11:02: sustained after three
        Assert.False(alerting.Corroborated);
        Assert.Equal(3, alerting.ConsecutiveMaterial);
    }

    private static List<TrackedWindow> Judge(double readOnlyErrorsPerSecond)
    {
        var scheduler = new HistoricalScheduler(At(10, 0));
        var judged = new List<TrackedWindow>();
        using var snapshots = new Subject<StoreSnapshot>();
        using var samples = new Subject<ActiveUsersSample>();
        using var stop = new Subject<System.Reactive.Unit>();
        using var run = new JudgingPipeline(new JudgingOptions(), scheduler, new RejectionCounters())
            .Run(snapshots, samples, stop)
            .Subscribe(judged.Add);
        var lost = At(11, 0);
        for (var t = At(10, 0); t < At(11, 10); t = t.AddSeconds(1))
        {
            var snapshot = new StoreSnapshot
            {
                StoreId = "shop",
                At = t,
                SessionKeys = t < lost ? 6000 : 4000,
                Health = new RedisHealth { SampledAt = t, ReadOnlyErrorsPerSecond = t < lost ? 0 : readOnlyErrorsPerSecond },
            };
            scheduler.Schedule(t, () => snapshots.OnNext(snapshot));
        }

        var noise = new Random(42);
        for (var t = At(10, 0); t < At(11, 10); t = t.AddSeconds(30))
        {
            var sample = new ActiveUsersSample("shop", "test", (long)Math.Round(6100 * (1 + ((noise.NextDouble() - 0.5) * 0.01))), 300, t);
            scheduler.Schedule(t.AddSeconds(4), () => samples.OnNext(sample));
        }

        scheduler.AdvanceTo(At(11, 10));

        Assert.DoesNotContain(judged, j => j.Verdict.State != DriftState.Normal && j.Verdict.Window.End <= lost);
        return judged;
    }
}
