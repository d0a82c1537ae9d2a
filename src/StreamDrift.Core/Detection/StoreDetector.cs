using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Detection;

/// <summary>
/// The detector of one store: judges each closed window against the rolling robust baseline of the
/// store's own drift ratio and keeps the normal / material / alerting / stale state machine.
/// Only calm windows are learned, so a real incident cannot teach the baseline that it is normal.
/// </summary>
internal sealed class StoreDetector(DetectorOptions options, MedianScratch scratch)
{
    /// <summary>1.4826 x MAD estimates the standard deviation of normally distributed data.</summary>
    private const double MadToSigma = 1.4826;

    private readonly double[] _healthy = new double[options.BaselineWindows];
    private int _healthyCount;
    private int _healthyNext;
    private int _consecutiveMaterial;
    private int _consecutiveCalm;

    public DriftState State { get; private set; } = DriftState.Normal;

    public DetectorVerdict Judge(DriftWindow window)
    {
        var previous = State;
        if (window.Stale)
        {
            // Drift unknown: neither material nor calm, and nothing to learn.
            _consecutiveMaterial = 0;
            _consecutiveCalm = 0;
            State = DriftState.Stale;
            return new DetectorVerdict { Window = window, State = State, PreviousState = previous };
        }

        // A count known wrong (a keyspace gap being repaired) is StreamDrift's blind spot, not the store's drift:
        // like a window without a sample it keeps the state as it is, and nothing is learned from it.
        if (window.CountUncertain
            || window.DriftRatio is not { } ratio || window.ActiveUsers is not { } users || window.Drift is not { } drift)
        {
            // No sample fell in this window but the connector is not stale yet: keep the state as it is.
            return new DetectorVerdict { Window = window, State = State, PreviousState = previous, ConsecutiveMaterial = _consecutiveMaterial };
        }

        if (_healthyCount < options.MinBaselineWindows)
        {
            Learn(ratio);
            State = DriftState.Normal;
            return new DetectorVerdict { Window = window, State = State, PreviousState = previous };
        }

        var (median, mad) = scratch.MedianAndMad(_healthy.AsSpan(0, _healthyCount));
        var scale = Math.Max(MadToSigma * mad, options.MinScale);
        var z = (ratio - median) / scale;
        var expected = median * Math.Max(users, 1);
        var excessKeys = Math.Abs(drift - expected);
        var excessRatio = Math.Abs(ratio - median);
        var material = Exceeds(z, excessKeys, excessRatio, 1.0);
        _consecutiveMaterial = material ? _consecutiveMaterial + 1 : 0;

        if (previous == DriftState.Alerting)
        {
            var calm = !Exceeds(z, excessKeys, excessRatio, options.ResolveFactor);
            _consecutiveCalm = calm ? _consecutiveCalm + 1 : 0;
            State = _consecutiveCalm >= options.ResolveWindows ? DriftState.Normal : DriftState.Alerting;
        }
        else
        {
            _consecutiveCalm = 0;
            State = _consecutiveMaterial >= options.SustainedWindows ? DriftState.Alerting
                : material ? DriftState.Material
                : DriftState.Normal;
        }

        // A window far off in keys and percent is not learned even when a noisy baseline keeps its z-score
        // low: otherwise an incident would slowly teach the baseline that it is normal.
        var farOff = excessKeys >= options.MinAbsoluteKeys && excessRatio >= options.MinRatioChange;
        if (State == DriftState.Normal && !material && !farOff)
        {
            Learn(ratio);
        }

        return new DetectorVerdict
        {
            Window = window,
            State = State,
            PreviousState = previous,
            BaselineRatio = median,
            RobustZ = z,
            ExpectedDrift = expected,
            ConsecutiveMaterial = _consecutiveMaterial,
        };
    }

    private bool Exceeds(double z, double excessKeys, double excessRatio, double factor) =>
        Math.Abs(z) >= options.ZThreshold * factor
        && excessKeys >= options.MinAbsoluteKeys * factor
        && excessRatio >= options.MinRatioChange * factor;

    private void Learn(double ratio)
    {
        _healthy[_healthyNext] = ratio;
        _healthyNext = (_healthyNext + 1) % _healthy.Length;
        _healthyCount = Math.Min(_healthyCount + 1, _healthy.Length);
    }
}
