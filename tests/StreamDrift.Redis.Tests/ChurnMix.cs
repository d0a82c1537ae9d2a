namespace StreamDrift.Redis.Tests;

/// <summary>What one <see cref="Churn"/> batch writes, per step.</summary>
internal sealed record ChurnMix
{
    public int BatchSize { get; init; } = 200;
    public int ValueBytes { get; init; } = 16;
    /// <summary>Each new key is deleted this many steps later, so the count stays about level.</summary>
    public int DeleteLag { get; init; } = 1000;
    /// <summary>Every fourth step also writes a key with this TTL.</summary>
    public TimeSpan? ShortTtl { get; init; }
    /// <summary>Also rewrite one of the keys <c>{prefix}:0..N-1</c> per step (a write, no count change).</summary>
    public int RewriteRange { get; init; }
    /// <summary>Also write a key outside the prefix per step (pushes memory for eviction tests).</summary>
    public bool Filler { get; init; }
    /// <summary>Go on after a batch with failed writes (failovers, resharding) instead of stopping the churn with the error.</summary>
    public bool TolerateFailures { get; init; }
    public TimeSpan PauseBetweenBatches { get; init; } = TimeSpan.FromMilliseconds(2);
}
