using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Detection;

/// <summary>
/// An eviction storm: users stay flat while Redis evicts session keys and the application re-creates them, so
/// new-key events jump tenfold. Those are not shoppers arriving; read as arrivals they would linger for a TTL
/// and raise the expected keys until the loss looked expected.
/// </summary>
public sealed class TrafficModelSurgeTests
{
    private const double Users = 700;
    private const double NewKeysPerWindow = 22;

    [Fact]
    public void EvictionStorm_ReCreatedKeys_DoNotRaiseTheExpectedDrift()
    {
        var detector = new StoreDetector(new DetectorOptions { SessionTtl = TimeSpan.FromSeconds(20) }, new MedianScratch());
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var verdicts = new List<DetectorVerdict>();
        for (var i = 0; i < 140; i++)
        {
            var storm = i is >= 100 and < 120;
            var from = start.AddSeconds(i * 2);
            verdicts.Add(detector.Judge(new DriftWindow
            {
                StoreId = "s",
                Start = from,
                End = from.AddSeconds(2),
                SampleTime = from.AddSeconds(2),
                SessionKeys = storm ? 100 : 880,
                ActiveUsers = Users,
                ActiveWindowSeconds = 10,
                Samples = 2,
                Events = new SessionEventCounts((long)(storm ? 10 * NewKeysPerWindow : NewKeysPerWindow), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            }));
        }

        var before = verdicts[99].ExpectedDrift!.Value;
        Assert.All(verdicts.Skip(100).Take(20), v => Assert.InRange(v.ExpectedDrift!.Value, 0.8 * before, 1.2 * before));
        Assert.Contains(verdicts, v => v.State == DriftState.Alerting);
        Assert.Equal(DriftState.Normal, verdicts[^1].State);
    }
}
