using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

public sealed class DriftPipelineConfigurationTests
{
    [Fact]
    public void OneSecondWindows_CloseEverySecondAfterTheGrace()
    {
        var options = new DriftPipelineOptions { WindowSize = TimeSpan.FromSeconds(1), Grace = TimeSpan.FromSeconds(2), StaleAfter = TimeSpan.FromSeconds(5) };
        using var h = new PipelineHarness(At(10, 0), options);
        h.KeysEverySecond("s1", At(10, 0), At(10, 1), t => 100 + t.Second);
        for (var s = 0; s < 20; s++)
        {
            h.Sample("s1", At(10, 0, s).AddMilliseconds(400), 90, TimeSpan.FromMilliseconds(1500));
        }

        h.AdvanceTo(At(10, 0, 12));

        // Window [10:00:09, 10:00:10) closes at 10:00:12, the next one not before 10:00:13.
        Assert.Equal(10, h.Verdicts.Count);
        Assert.All(h.Verdicts, v => Assert.Equal(1, v.Window.Samples));
        Assert.Equal(109, h.Verdicts[^1].Window.SessionKeys);
        Assert.Equal(19, h.Verdicts[^1].Window.Drift);
    }

    [Fact]
    public void PerStoreOverride_AppliesToThatStoreOnly()
    {
        // Both stores drop from -2 % to -10 % at 10:30: 8 points, material for the high preset only.
        var options = new DriftPipelineOptions
        {
            StoreDetectors = new Dictionary<string, DetectorOptions> { ["strict"] = DetectorOptions.For(Sensitivity.High) },
        };
        using var h = new PipelineHarness(At(10, 0), options);
        foreach (var store in new[] { "strict", "default" })
        {
            h.KeysEverySecond(store, At(10, 0), At(10, 41), t => t < At(10, 30) ? 9800 : 9000);
            for (var t = At(10, 0); t < At(10, 40); t = t.AddSeconds(30))
            {
                h.Sample(store, t, 10_000, TimeSpan.FromSeconds(2));
            }
        }

        h.AdvanceTo(At(10, 41));

        Assert.Contains(h.Verdicts, v => v.Window.StoreId == "strict" && v.Opened && v.Window.Start == At(10, 31));
        Assert.All(h.Verdicts.Where(v => v.Window.StoreId == "default"), v => Assert.Equal(DriftState.Normal, v.State));
    }
}
