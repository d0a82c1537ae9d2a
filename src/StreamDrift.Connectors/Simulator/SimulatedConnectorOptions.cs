using StreamDrift.Core.Options;

namespace StreamDrift.Connectors.Simulator;

/// <summary>
/// Settings of the built-in connector simulator: a storefront-like daily curve of active users per store,
/// with noise and reporting delay, reproducible from a seed. For demos and load tests without a platform.
/// </summary>
public sealed record SimulatedConnectorOptions
{
    /// <summary>The stores to report. Required, at least one.</summary>
    public required IReadOnlyList<string> StoreIds { get; init; }

    /// <summary>Seed of every random choice: the same seed and clock give the same samples. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Time between reports (each reports every store). Default 30 s; at least 100 ms.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mean active users of a store over the day. Default 1,000; positive. Each store gets a seeded scale of 0.5x-2x.</summary>
    public double MeanUsers { get; init; } = 1000;

    /// <summary>Relative swing of the daily curve (peak 14:00 UTC, trough 02:00). Default 0.6; in [0, 1).</summary>
    public double DailySwing { get; init; } = 0.6;

    /// <summary>Relative noise on each reading (uniform +-). Default 0.02; in [0, 0.5].</summary>
    public double Noise { get; init; } = 0.02;

    /// <summary>Event time lags the emission by up to this much (connectors report late). Default 5 s; from 0 to Interval.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The connector name written into the samples. Default <c>simulator</c>.</summary>
    public string Connector { get; init; } = "simulator";

    /// <summary>The connector's definition of active. Default 300 s.</summary>
    public int ActiveWindowSeconds { get; init; } = 300;

    /// <summary>Orders per minute per 100 active users, reported with each sample; 0 reports none. Default 0.5.</summary>
    public double OrdersPerHundredUsers { get; init; } = 0.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(StoreIds is { Count: > 0 } && StoreIds.All(s => !string.IsNullOrWhiteSpace(s)), nameof(SimulatedConnectorOptions), nameof(StoreIds), "must list at least one non-empty store id");
        OptionGuard.Require(Interval >= TimeSpan.FromMilliseconds(100), nameof(SimulatedConnectorOptions), nameof(Interval), "must be at least 100 ms");
        OptionGuard.Require(MeanUsers > 0, nameof(SimulatedConnectorOptions), nameof(MeanUsers), "must be positive");
        OptionGuard.Require(DailySwing >= 0 && DailySwing < 1, nameof(SimulatedConnectorOptions), nameof(DailySwing), "must be in [0, 1)");
        OptionGuard.Require(Noise >= 0 && Noise <= 0.5, nameof(SimulatedConnectorOptions), nameof(Noise), "must be in [0, 0.5]");
        OptionGuard.Require(MaxDelay >= TimeSpan.Zero && MaxDelay <= Interval, nameof(SimulatedConnectorOptions), nameof(MaxDelay), "must be between 0 and Interval");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(Connector), nameof(SimulatedConnectorOptions), nameof(Connector), "must not be empty");
        OptionGuard.Require(ActiveWindowSeconds > 0, nameof(SimulatedConnectorOptions), nameof(ActiveWindowSeconds), "must be positive");
        OptionGuard.Require(OrdersPerHundredUsers >= 0, nameof(SimulatedConnectorOptions), nameof(OrdersPerHundredUsers), "must not be negative");
    }

}
