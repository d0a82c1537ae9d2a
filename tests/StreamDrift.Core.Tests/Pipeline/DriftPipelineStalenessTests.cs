using StreamDrift.Core.Detection;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

public sealed class DriftPipelineStalenessTests
{
    [Fact]
    public void ConnectorGoesQuiet_WindowsKeepClosing_StoreTurnsStale_ThenRecoversWhenItComesBack()
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0), At(10, 40), _ => 980);
        for (var t = At(10, 0); t < At(10, 40); t = t.AddSeconds(30))
        {
            var quiet = t >= At(10, 10) && t < At(10, 20);
            if (!quiet)
            {
                h.Sample("s1", t, 1000, TimeSpan.FromSeconds(3));
            }
        }

        h.AdvanceTo(At(10, 40, 31));

        // Last sample before the silence: 10:09:30. StaleAfter is 180 s to the window end.
        Assert.Equal(DriftState.Normal, h.VerdictFor("s1", At(10, 10)).State);   // ends 10:11, 90 s: not stale yet
        Assert.Null(h.VerdictFor("s1", At(10, 10)).Window.Drift);                // but no drift invented either
        Assert.Equal(DriftState.Normal, h.VerdictFor("s1", At(10, 11)).State);   // ends 10:12, exactly 150 s
        for (var m = 12; m <= 19; m++)
        {
            var verdict = h.VerdictFor("s1", At(10, m));
            Assert.Equal(DriftState.Stale, verdict.State);
            Assert.True(verdict.Window.Stale);
            Assert.Null(verdict.Window.Drift);
        }

        Assert.Equal(DriftState.Normal, h.VerdictFor("s1", At(10, 20)).State);
        Assert.Equal(-20, h.VerdictFor("s1", At(10, 25)).Window.Drift);
        Assert.Equal(40, h.Verdicts.Count);
    }

    [Fact]
    public void StoreThatNeverSentASample_IsStaleAfterTheLimit_NotZeroDrift()
    {
        using var h = new PipelineHarness(At(10, 0), new Core.Pipeline.DriftPipelineOptions { StaleAfter = TimeSpan.FromMinutes(2) });
        h.KeysEverySecond("s1", At(10, 0), At(10, 6), _ => 500);

        h.AdvanceTo(At(10, 5, 31));

        Assert.Equal(DriftState.Normal, h.VerdictFor("s1", At(10, 0)).State);
        Assert.Equal(DriftState.Stale, h.VerdictFor("s1", At(10, 2)).State);
        Assert.All(h.Verdicts, v => Assert.Null(v.Window.Drift));
    }
}
