namespace StreamDrift.Core.Detection;

/// <summary>
/// Re-learning: a lasting, legitimate shift (a new share of second tabs, a new steady bot share, a changed
/// connector definition of "active") must not keep an alert open for ever. Two ways out, both recorded on
/// the verdict (<see cref="DetectorVerdict.Accepted"/>) so the alert lifecycle can say why it closed:
/// the level held still for <see cref="DetectorOptions.RelearnWindows"/> alerting windows, or an operator
/// accepted it. Either way the last <see cref="RecentWindows"/> windows become the baseline.
/// </summary>
internal sealed partial class StoreDetector
{
    /// <summary>Windows of the recent level kept (whatever their state) and re-learned on acceptance.</summary>
    private const int RecentWindows = 30;

    /// <summary>The recent level is compared in thirds: oldest third against newest third.</summary>
    private const int Third = RecentWindows / 3;

    private bool _acceptRequested;
    private int _alertingWindows;

    /// <summary>
    /// An operator's "this is the new normal": the next judged window re-learns the baseline from the recent
    /// windows and an open alert resolves, marked <see cref="LevelAccepted.Operator"/>.
    /// </summary>
    public void AcceptCurrentLevel() => _acceptRequested = true;

    private LevelAccepted TakeOperatorAcceptance()
    {
        if (!_acceptRequested)
        {
            return LevelAccepted.None;
        }

        _acceptRequested = false;
        // Only the windows of the shift itself (this one and the material run before it) are the new level.
        AcceptRecentLevel(Math.Min(RecentWindows, _consecutiveMaterial + 1));
        return LevelAccepted.Operator;
    }

    // The level held still when the oldest and newest thirds of the recent windows differ by less than the
    // resolve line in keys or in share of users: a drift that keeps growing (orphans) is never accepted.
    private bool HeldOneLevel(double users)
    {
        _alertingWindows = State == DriftState.Alerting ? _alertingWindows + 1 : 0;
        if (_options.RelearnWindows == 0 || _alertingWindows < _options.RelearnWindows || _recent.Count < RecentWindows)
        {
            return false;
        }

        var moved = Math.Abs(_recent.MedianOfRecent(Third) - _recent.MedianOfRecent(Third, RecentWindows - Third)) * Math.Max(users, 1);
        return moved < _options.MinAbsoluteKeys * _options.ResolveFactor
            || moved / Math.Max(users, 1) < _options.MinRatioChange * _options.ResolveFactor;
    }

    private void AcceptRecentLevel(int windows = RecentWindows)
    {
        _healthy.ReplaceWithRecent(_recent, windows);
        State = DriftState.Normal;
        _consecutiveMaterial = 0;
        _consecutiveCalm = 0;
        _alertingWindows = 0;
    }
}
