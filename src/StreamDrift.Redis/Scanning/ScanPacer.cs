namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Chooses the COUNT of a background scan's next page and the pause after each page from the server time the
/// pages actually took, so a reconcile stays within a per-page budget (how long one request of the storefront
/// may wait behind it) and a duty cycle (the share of the server's time it may take), whatever the key sizes,
/// the hardware or the server's other load. Pure arithmetic, no clock: the caller measures and sleeps.
/// <para>
/// The cost of one COUNT unit is learned per page: a slower page is believed at once (the next page shrinks
/// right away), a faster one only gradually, and the page grows at most twofold per step, so one lucky page
/// cannot produce an oversized next one.
/// </para>
/// </summary>
public sealed class ScanPacer
{
    private const double Relax = 0.2;
    private readonly ScanPacing _pacing;
    private double _ticksPerUnit;

    public ScanPacer(ScanPacing pacing)
    {
        ArgumentNullException.ThrowIfNull(pacing);
        pacing.Validate();
        _pacing = pacing;
        NextCount = pacing.InitialCount;
    }

    /// <summary>COUNT for the next page.</summary>
    public int NextCount { get; private set; }

    /// <summary>The learned server time of one COUNT unit; zero before the first page.</summary>
    public TimeSpan CostPerUnit => TimeSpan.FromTicks((long)Math.Round(_ticksPerUnit));

    /// <summary>
    /// Learns from a page of <paramref name="count"/> that took <paramref name="serverTime"/> and returns the pause
    /// before the next one: long enough that this page's time is at most <see cref="ScanPacing.DutyCycle"/> of the
    /// page and its pause together, at most <see cref="ScanPacing.MaxPause"/>.
    /// </summary>
    public TimeSpan OnPage(int count, TimeSpan serverTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var ticks = Math.Max(serverTime.Ticks, 1);
        var sample = (double)ticks / count;
        _ticksPerUnit = _ticksPerUnit == 0 || sample > _ticksPerUnit
            ? sample
            : (_ticksPerUnit * (1 - Relax)) + (sample * Relax);
        var fits = _pacing.TargetPageTime.Ticks / _ticksPerUnit;
        NextCount = (int)Math.Clamp(Math.Min(fits, 2.0 * count), _pacing.MinCount, _pacing.MaxCount);
        var pause = ticks * (1 - _pacing.DutyCycle) / _pacing.DutyCycle;
        return TimeSpan.FromTicks((long)Math.Min(pause, _pacing.MaxPause.Ticks));
    }
}
