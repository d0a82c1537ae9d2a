using StreamDrift.Cli.Hosting;

namespace StreamDrift.Cli.Tests.Hosting;

public class BackoffTests
{
    [Fact]
    public void DelayAfter_DoublesUpToTheCap_WithoutJitter()
    {
        var policy = new BackoffPolicy { Jitter = 0 };
        var delays = Enumerable.Range(1, 9).Select(n => policy.DelayAfter(n, new Random(1)).TotalMilliseconds);

        Assert.Equal([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000], delays);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayAfter(10_000, new Random(1)));
    }

    [Fact]
    public void DelayAfter_JittersWithinTheFraction()
    {
        var policy = new BackoffPolicy();
        var random = new Random(42);
        var delays = Enumerable.Range(0, 200).Select(_ => policy.DelayAfter(3, random).TotalMilliseconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 1_600, 2_400));
        Assert.True(delays.Distinct().Count() > 100, "jitter spreads retries");
    }

    [Fact]
    public async Task RetryAsync_RetriesUntilSuccess_ReportingEachFailure()
    {
        var attempts = 0;
        var reported = new List<(int, string, TimeSpan)>();
        var policy = new BackoffPolicy { Initial = TimeSpan.FromMilliseconds(1), Max = TimeSpan.FromMilliseconds(4), Jitter = 0 };

        var failures = await Backoff.RetryAsync(
            _ => ++attempts < 4 ? throw new IOException($"down {attempts}") : Task.CompletedTask,
            policy,
            (n, e, delay) => reported.Add((n, e.Message, delay)),
            TimeProvider.System,
            new Random(1));

        Assert.Equal(3, failures);
        Assert.Equal(4, attempts);
        Assert.Equal(
            [(1, "down 1", TimeSpan.FromMilliseconds(1)), (2, "down 2", TimeSpan.FromMilliseconds(2)), (3, "down 3", TimeSpan.FromMilliseconds(4))],
            reported);
    }

    [Fact]
    public async Task RetryAsync_RejectsAnInvalidPolicyNamingTheSetting_BeforeTheFirstAttempt()
    {
        var attempts = 0;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Backoff.RetryAsync(
            _ =>
            {
                attempts++;
                return Task.CompletedTask;
            },
            new BackoffPolicy { Factor = 0.5 },
            (_, _, _) => { },
            TimeProvider.System,
            new Random(1)));

        Assert.Equal(nameof(BackoffPolicy.Factor), ex.ParamName);
        Assert.StartsWith("BackoffPolicy.Factor ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, attempts);
    }

    [Fact]
    public async Task RetryAsync_StopsOnCancellation()
    {
        using var cts = new CancellationTokenSource();
        var attempts = 0;
        var policy = new BackoffPolicy { Initial = TimeSpan.FromHours(1), Jitter = 0 };

        var retry = Backoff.RetryAsync(
            _ =>
            {
                attempts++;
                throw new IOException("down");
            },
            policy,
            (_, _, _) => cts.Cancel(),
            TimeProvider.System,
            new Random(1),
            cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retry);
        Assert.Equal(1, attempts);
    }
}
