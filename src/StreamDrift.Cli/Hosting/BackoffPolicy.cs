using StreamDrift.Core.Options;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// Exponential back-off with jitter for dependencies unreachable at start: quick first retries for a
/// container that is still booting, then a slow steady pace that never hammers a sick server.
/// Defaults: 500ms doubling up to 30s, +/-20% jitter (so many instances do not retry in lockstep).
/// </summary>
internal sealed record BackoffPolicy
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    public double Factor { get; init; } = 2;

    /// <summary>Fraction of the delay drawn at random either way; 0 gives exact delays (tests).</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        const string Owner = nameof(BackoffPolicy);
        OptionGuard.Require(Initial > TimeSpan.Zero, Owner, nameof(Initial), "must be positive");
        OptionGuard.Require(Max > TimeSpan.Zero, Owner, nameof(Max), "must be positive (it caps every delay)");
        OptionGuard.Require(Factor >= 1 && double.IsFinite(Factor), Owner, nameof(Factor), "must be at least 1 (delays never shrink)");
        OptionGuard.Require(Jitter is >= 0 and < 1, Owner, nameof(Jitter), "must be in [0, 1)");
    }

    /// <summary>The delay after the <paramref name="failures"/>-th consecutive failure (1-based).</summary>
    public TimeSpan DelayAfter(int failures, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Min(failures - 1, 62);
        var ms = Math.Min(Initial.TotalMilliseconds * Math.Pow(Factor, exponent), Max.TotalMilliseconds);
        var jittered = ms * (1 + (Jitter * ((random.NextDouble() * 2) - 1)));
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, 0, Max.TotalMilliseconds));
    }
}
