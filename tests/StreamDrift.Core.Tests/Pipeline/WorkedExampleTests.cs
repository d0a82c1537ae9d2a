using StreamDrift.Core.Detection;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

/// <summary>
/// The card's worked example. Anchors (session keys / active users): 4,210 / 4,350 at 10:00 and
/// 5,980 / 6,100 at 10:30 (normal: in-flight TTL lag), then 6,400 / 9,800 at 11:00 and 6,350 / 10,200 at
/// 11:15 (sessions being lost).
/// </summary>
/// <remarks>
/// Cadence between the anchors, as a real connector and the Redis side would give it: the session count
/// is published every second; the connector reports every 30 s, each sample arriving 4 s after it was
/// observed, with +-0.5 % seeded noise on the users. Figures are linear between anchors; from 10:30 the
/// healthy store keeps growing at its own ratio (keys 5,980 to 6,270, users 6,100 to 6,400 at 10:59:59),
/// and the loss starts at 11:00: users jump to 9,800 while keys stay at 6,400, then move to 10,200 / 6,350
/// by 11:15 and hold until 11:20. Windows are the default 60 s with 30 s grace, medium sensitivity.
/// </remarks>
public sealed class WorkedExampleTests
{
    private static readonly (DateTimeOffset At, double Keys, double Users)[] Anchors =
    [
        (At(10, 0), 4210, 4350),
        (At(10, 30), 5980, 6100),
        (At(10, 59, 59), 6270, 6400),
        (At(11, 0), 6400, 9800),
        (At(11, 15), 6350, 10200),
        (At(11, 20), 6350, 10200),
    ];

    [Fact]
    public void LostSessions_AlertAfterTheJumpAtEleven_AndNotBefore()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("shop", At(10, 0), At(11, 21), t => (long)Math.Round(Interpolate(t).Keys));
        var noise = new Random(42);
        for (var t = At(10, 0); t < At(11, 20); t = t.AddSeconds(30))
        {
            var users = Interpolate(t).Users * (1 + ((noise.NextDouble() - 0.5) * 0.01));
            h.Sample("shop", t, (long)Math.Round(users), TimeSpan.FromSeconds(4));
        }

        h.AdvanceTo(At(11, 21));

        var verdicts = h.Verdicts.Where(v => v.Window.StoreId == "shop").ToList();
        Assert.Equal(80, verdicts.Count);
        Assert.Equal(0, h.Rejections.Total);
        Assert.All(verdicts.Where(v => v.Window.End <= At(11, 0)), v => Assert.Equal(DriftState.Normal, v.State));

        var opened = Assert.Single(verdicts, v => v.Opened);
        Assert.Equal(At(11, 2), opened.Window.Start); // material 11:00, 11:01, 11:02: sustained after three windows
        Assert.Equal(DriftState.Material, h.VerdictFor("shop", At(11, 0)).State);
        Assert.InRange(opened.BaselineRatio!.Value, -0.035, -0.015);
        Assert.InRange(opened.Window.DriftRatio!.Value, -0.36, -0.33);
        Assert.True(opened.RobustZ < -10);
        Assert.All(verdicts.Where(v => v.Window.Start >= At(11, 2)), v => Assert.Equal(DriftState.Alerting, v.State));
        Assert.InRange(h.VerdictFor("shop", At(11, 15)).Window.DriftRatio!.Value, -0.39, -0.36);
    }

    private static (double Keys, double Users) Interpolate(DateTimeOffset t)
    {
        for (var i = 1; i < Anchors.Length; i++)
        {
            if (t < Anchors[i].At)
            {
                var (a, b) = (Anchors[i - 1], Anchors[i]);
                var f = (t - a.At) / (b.At - a.At);
                return (a.Keys + ((b.Keys - a.Keys) * f), a.Users + ((b.Users - a.Users) * f));
            }
        }

        return (Anchors[^1].Keys, Anchors[^1].Users);
    }
}
