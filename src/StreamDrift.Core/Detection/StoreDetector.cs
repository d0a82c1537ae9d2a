using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Detection;

/// <summary>
/// The detector of one store: judges each closed window against the store's expected keys and keeps the
/// normal / material / alerting / stale state machine. Expected keys = keys per active user x active users +
/// the keys of shoppers who left but whose keys still linger (<see cref="TrafficModel"/>); keys per active
/// user is the rolling median (and MAD) of (keys - lingering keys) / users over recent calm windows, so what is
/// judged is the residual of a model that moves with the traffic, not the raw drift ratio. Only calm windows are learned, so a real
/// incident cannot teach the baseline that it is normal; a level that holds for the re-learning horizon,
/// or that an operator accepts, becomes the new baseline.
/// </summary>
internal sealed partial class StoreDetector
{
    /// <summary>1.4826 x MAD estimates the standard deviation of normally distributed data.</summary>
    private const double MadToSigma = 1.4826;

    private readonly DetectorOptions _options;
    private readonly RollingValues _healthy;
    private readonly RollingValues _recent;
    private readonly TrafficModel _model;
    private readonly ResidualTrend _residuals = new();
    private readonly Func<DetectorVerdict, bool>? _corroborates;
    private int _consecutiveMaterial;
    private int _consecutiveCalm;
    private int _heldWindows;

    /// <param name="options">The store's detector settings.</param>
    /// <param name="scratch">Shared buffer for the medians.</param>
    /// <param name="corroborates">
    /// Asked about a material window once <see cref="DetectorOptions.CorroboratedWindows"/> material windows ran but not
    /// yet <see cref="DetectorOptions.SustainedWindows"/>: true when the window's cause is named from direct evidence,
    /// which lets the store alert now. The judging pipeline wires the alert tracker's classifier in; null never asks.
    /// </param>
    public StoreDetector(DetectorOptions options, MedianScratch scratch, Func<DetectorVerdict, bool>? corroborates = null)
    {
        _options = options;
        _corroborates = corroborates;
        _healthy = new RollingValues(options.BaselineWindows, scratch);
        _recent = new RollingValues(RecentWindows, scratch);
        _model = new TrafficModel(options.SessionTtl, options.BaselineWindows, scratch);
    }

    public DriftState State { get; private set; } = DriftState.Normal;

    public DetectorVerdict Judge(DriftWindow window)
    {
        var previous = State;
        if (window.Stale)
        {
            // Drift unknown: neither material nor calm, and nothing to learn.
            _model.Skip(window);
            _consecutiveMaterial = 0;
            _consecutiveCalm = 0;
            State = DriftState.Stale;
            return new DetectorVerdict { Window = window, State = State, PreviousState = previous };
        }

        // A count known wrong (a keyspace gap being repaired) is StreamDrift's blind spot, not the store's drift:
        // like a window without a sample it keeps the state as it is, and nothing is learned from it.
        if (window.CountUncertain || window.ActiveUsers is not { } users || window.SessionKeys is not { } keys)
        {
            // No sample fell in this window but the connector is not stale yet: keep the state as it is.
            _model.Skip(window);
            return new DetectorVerdict { Window = window, State = State, PreviousState = previous, ConsecutiveMaterial = _consecutiveMaterial };
        }

        // Keys per shopper weighs the users' growth against new keys (and turns keys into shoppers); until a level
        // is learned, 1 stands in.
        var keysPerShopper = _healthy.Count > 0 ? Math.Clamp(_healthy.MedianAndMad().Median, 0.2, 5) : 1;
        var lingering = _model.Lingering(window, users, keysPerShopper);
        // The level is keys per active user once the lingering keys are taken off, so the keys-per-shopper figure the
        // lingering keys were weighed with cancels out and the learned level does not feed back into itself.
        var lingeringKeys = keysPerShopper * lingering;
        var level = (keys - lingeringKeys) / Math.Max(users, 1);
        _recent.Add(level);
        var accepted = TakeOperatorAcceptance();
        if (!_model.Ready || _healthy.Count < _options.MinBaselineWindows)
        {
            // Until the model knows the arrival rate, departures before the first window are unknown and the level
            // is not learned (it would hold the lingering keys the model cannot see yet).
            Learn(window, users, _model.Ready ? level : double.NaN);
            State = DriftState.Normal;
            return new DetectorVerdict { Window = window, State = State, PreviousState = previous, Lingering = lingering, Accepted = accepted, Learned = true };
        }

        var (median, mad) = _healthy.MedianAndMad();
        var scale = Math.Max(MadToSigma * mad, _options.MinScale);
        var expectedKeys = (median * users) + lingeringKeys;
        var residual = keys - expectedKeys;
        var judged = new Judged((level - median) / scale, Math.Abs(residual), Math.Abs(residual) / Math.Max(users, 1));
        var material = Exceeds(judged, 1.0);
        _consecutiveMaterial = material ? _consecutiveMaterial + 1 : 0;
        var growth = _residuals.Add(residual);
        DetectorVerdict Verdict(DriftState state, LevelAccepted acceptedNow, bool learnedNow, bool corroboratedNow) => new()
        {
            Window = window,
            State = state,
            PreviousState = previous,
            BaselineRatio = (expectedKeys - users) / Math.Max(users, 1),
            RobustZ = judged.Z,
            ExpectedDrift = expectedKeys - users,
            ExpectedKeys = expectedKeys,
            Lingering = lingering,
            KeysPerShopper = median,
            ResidualGrowth = growth,
            ConsecutiveMaterial = _consecutiveMaterial,
            Accepted = acceptedNow,
            Learned = learnedNow,
            Corroborated = corroboratedNow,
        };

        var corroborated = false;
        if (accepted == LevelAccepted.Operator)
        {
            // The operator's word closes the alert now; the window was judged against the re-learned level.
            State = DriftState.Normal;
            _consecutiveMaterial = 0;
        }
        else
        {
            Step(previous, judged, material);
            corroborated = State == DriftState.Material && Corroborated(Verdict(DriftState.Material, accepted, learnedNow: false, corroboratedNow: false));
            State = corroborated ? DriftState.Alerting : State;
        }

        if (accepted == LevelAccepted.None && HeldOneLevel(users))
        {
            accepted = LevelAccepted.Relearned;
            AcceptRecentLevel();
        }

        // A window far off in keys and percent is not learned even when a noisy baseline keeps its z-score
        // low: otherwise an incident would slowly teach the baseline that it is normal.
        var farOff = judged.ExcessKeys >= _options.MinAbsoluteKeys && judged.ExcessRatio >= _options.MinRatioChange;
        var learned = State == DriftState.Normal && !material && !farOff && accepted == LevelAccepted.None && !Held(judged, residual, growth);
        if (learned)
        {
            Learn(window, users, level);
        }

        return Verdict(State, accepted, learned, corroborated);
    }

    // A drift material for fewer windows than the sustained run alerts when the classifier names its cause from direct
    // evidence (a read-only replica, evictions on the prefix, keys without TTL...): N windows in a row guard against
    // noise in the count and the users, and a Redis-side observation specific to the drift's direction does the
    // same job sooner. Rates per user alone do not corroborate; neither does UNKNOWN.
    private bool Corroborated(DetectorVerdict provisional) =>
        _corroborates is { } corroborates
        && _consecutiveMaterial >= Math.Min(_options.CorroboratedWindows, _options.SustainedWindows)
        && corroborates(provisional);

    // A window statistically off (|z| at the threshold) and moving further off (the residual grew over the last
    // windows) but still below the floors in keys or percent is held out of the baseline: a fault that builds
    // slowly (evictions of keys about to expire, orphans piling up at night) would otherwise teach the baseline
    // its own effect window by window, and never grow material against it. An offset that holds still (the
    // model's error after a flash sale, a new share of second tabs) is learned as before. The hold is bounded: a
    // drift that keeps building for the re-learning horizon (the baseline windows when re-learning is off) is
    // learned again.
    private bool Held(Judged judged, double residual, double growth)
    {
        if (Math.Abs(judged.Z) < _options.ZThreshold || Math.Sign(growth) != Math.Sign(residual))
        {
            _heldWindows = 0;
            return false;
        }

        _heldWindows++;
        return _heldWindows <= (_options.RelearnWindows > 0 ? _options.RelearnWindows : _options.BaselineWindows);
    }

    private void Step(DriftState previous, Judged judged, bool material)
    {
        if (previous == DriftState.Alerting)
        {
            var calm = !Exceeds(judged, _options.ResolveFactor);
            _consecutiveCalm = calm ? _consecutiveCalm + 1 : 0;
            State = _consecutiveCalm >= _options.ResolveWindows ? DriftState.Normal : DriftState.Alerting;
        }
        else
        {
            _consecutiveCalm = 0;
            State = _consecutiveMaterial >= _options.SustainedWindows ? DriftState.Alerting
                : material ? DriftState.Material
                : DriftState.Normal;
        }
    }

    private bool Exceeds(Judged j, double factor) =>
        Math.Abs(j.Z) >= _options.ZThreshold * factor
        && j.ExcessKeys >= _options.MinAbsoluteKeys * factor
        && j.ExcessRatio >= _options.MinRatioChange * factor;

    private void Learn(DriftWindow window, double users, double level)
    {
        if (!double.IsNaN(level))
        {
            _healthy.Add(level);
        }

        _model.Learn(window, users);
    }

    /// <summary>How far one window is off: robust z of its level, keys and share of users off the expected keys.</summary>
    private readonly record struct Judged(double Z, double ExcessKeys, double ExcessRatio);
}
