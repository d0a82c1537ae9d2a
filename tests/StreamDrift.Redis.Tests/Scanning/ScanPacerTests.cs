using Microsoft.Extensions.Time.Testing;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis.Tests.Scanning;

public class ScanPacerTests
{
    private static readonly TimeSpan Us = TimeSpan.FromMicroseconds(1);

    [Fact]
    public void FastServer_PagesGrowAtMostTwofold_UpToTheTargetPageTime()
    {
        var pacer = new ScanPacer(new ScanPacing { TargetPageTime = TimeSpan.FromMilliseconds(1), InitialCount = 100 });
        var counts = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var count = pacer.NextCount;
            counts.Add(count);
            pacer.OnPage(count, count * Us); // 1 µs per COUNT unit
        }

        Assert.Equal([100, 200, 400, 800, 1000, 1000], counts);
    }

    [Fact]
    public void SlowerServer_ShrinksTheNextPageAtOnce_AndAFasterOneRegrowsItGradually()
    {
        var pacer = new ScanPacer(new ScanPacing { TargetPageTime = TimeSpan.FromMilliseconds(1), InitialCount = 1000 });
        pacer.OnPage(1000, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1000, pacer.NextCount);

        pacer.OnPage(1000, TimeSpan.FromMilliseconds(4)); // the server got four times slower (other load, bigger keys)
        Assert.Equal(250, pacer.NextCount);

        pacer.OnPage(250, TimeSpan.FromMicroseconds(250)); // and fast again: believed only in part
        Assert.InRange(pacer.NextCount, 251, 499);
        for (var i = 0; i < 30; i++)
        {
            var count = pacer.NextCount;
            pacer.OnPage(count, count * Us);
        }
        Assert.InRange(pacer.NextCount, 950, 1000);
    }

    [Theory]
    [InlineData(0.1, 1.0, 9.0)]
    [InlineData(0.25, 2.0, 6.0)]
    [InlineData(1.0, 3.0, 0.0)]
    public void Pause_GivesTheScanAtMostItsDutyCycleOfTheServer(double duty, double pageMs, double pauseMs)
    {
        var pacer = new ScanPacer(new ScanPacing { DutyCycle = duty });

        var pause = pacer.OnPage(500, TimeSpan.FromMilliseconds(pageMs));

        Assert.Equal(pauseMs, pause.TotalMilliseconds, 6);
    }

    [Fact]
    public void Pause_IsCappedSoAVerySlowServerStillFinishes()
    {
        var pacer = new ScanPacer(new ScanPacing { DutyCycle = 0.01, MaxPause = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(TimeSpan.FromMilliseconds(300), pacer.OnPage(10, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(10, pacer.NextCount);
    }

    [Fact]
    public async Task OnVirtualTime_AServerThatSlowsDownMidScan_KeepsPagesNearTheTarget_AndTheDutyCycle()
    {
        // A simulated server whose cost per COUNT unit quadruples after 5 s (another tenant's load, say). Each page
        // "takes" what the cost says; each pause is a real Task.Delay on a virtual clock that ticks by 100 µs.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new ScanPacer(new ScanPacing { TargetPageTime = TimeSpan.FromMilliseconds(1), DutyCycle = 0.2, InitialCount = 100 });
        var start = time.GetUtcNow();
        var busy = TimeSpan.Zero;
        var pagesAfterSlowdown = new List<TimeSpan>();
        while (time.GetUtcNow() - start < TimeSpan.FromSeconds(10))
        {
            var slow = time.GetUtcNow() - start >= TimeSpan.FromSeconds(5);
            var count = pacer.NextCount;
            var page = count * (slow ? 4 : 1) * Us;
            time.Advance(page);
            busy += page;
            if (slow)
            {
                pagesAfterSlowdown.Add(page);
            }
            var pause = Task.Delay(pacer.OnPage(count, page), time);
            while (!pause.IsCompleted)
            {
                time.Advance(TimeSpan.FromMicroseconds(100));
            }
            await pause;
        }

        // The first slow page ran with the old COUNT (4 ms); every page after it is back near the target.
        Assert.Equal(TimeSpan.FromMilliseconds(4), pagesAfterSlowdown[0]);
        Assert.All(pagesAfterSlowdown.Skip(1), p => Assert.InRange(p.TotalMilliseconds, 0.5, 1.0));
        Assert.InRange(busy / (time.GetUtcNow() - start), 0.18, 0.201);
    }

    [Fact]
    public void Validate_NamesTheBadSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new ScanPacer(new ScanPacing { DutyCycle = 0 }));

        Assert.Contains("DutyCycle", error.Message, StringComparison.Ordinal);
    }
}
