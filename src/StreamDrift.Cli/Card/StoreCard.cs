using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Card;

/// <summary>
/// What the card shows of one store, kept current from its snapshots, users samples and judged windows:
/// the live headline (with the same figures as <c>/metrics</c>: the live count, the latest sample's users,
/// the last closed window's drift), the sibling signals of the latest INFO sample, the 24 h chart, and the
/// open and recent alerts. Writers and readers lock the instance; every change takes a new version from
/// the board so a view can send only what changed.
/// </summary>
internal sealed class StoreCard(string storeId, CardBand band)
{
    /// <summary>How many alerts the card keeps and lists, newest first.</summary>
    public const int AlertsKept = 20;

    private readonly List<CardAlert> _alerts = [];

    public string StoreId { get; } = storeId;

    public long Version { get; private set; }

    public long? SessionKeys { get; private set; }

    public long? ActiveUsers { get; private set; }

    public long? Orders { get; private set; }

    public DateTimeOffset? SampleAt { get; private set; }

    public double? Drift { get; private set; }

    public double? DriftRatio { get; private set; }

    public double? ExpectedDrift { get; private set; }

    public DriftState State { get; private set; } = DriftState.Normal;

    public Cause Cause { get; private set; } = Cause.None;

    public double Confidence { get; private set; }

    public DateTimeOffset? WindowEnd { get; private set; }

    public RedisHealth? Health { get; private set; }

    public bool RedisReachable { get; private set; } = true;

    public long SubscriptionGaps { get; private set; }

    public CardHistory History { get; } = new();

    /// <summary>The open alert, or null.</summary>
    public CardAlert? Open { get; private set; }

    /// <summary>Recent alerts, newest first, the open one included.</summary>
    public IReadOnlyList<CardAlert> Alerts => _alerts;

    public void Apply(StoreSnapshot snapshot, long version)
    {
        SessionKeys = snapshot.SessionKeys;
        Health = snapshot.Health ?? Health;
        RedisReachable = snapshot.RedisReachable;
        SubscriptionGaps = snapshot.SubscriptionGaps;
        Version = version;
    }

    public void Apply(ActiveUsersSample sample, long version)
    {
        ActiveUsers = sample.ActiveUsers;
        Orders = sample.Orders;
        SampleAt = sample.ObservedAt;
        Version = version;
    }

    public void Apply(TrackedWindow tracked, long version)
    {
        var verdict = tracked.Verdict;
        var w = verdict.Window;
        Drift = w.Drift;
        DriftRatio = w.DriftRatio;
        ExpectedDrift = verdict.ExpectedDrift;
        State = verdict.State;
        Cause = tracked.Diagnosis.Cause;
        Confidence = tracked.Diagnosis.Confidence;
        WindowEnd = w.End;
        var (low, high) = band.Around(w.ActiveUsers, verdict.ExpectedDrift);
        History.Add(w.Start, w.End - w.Start, new CardPoint(w.Start, w.SessionKeys, w.ActiveUsers, low, high, verdict.State, 1));
        if (tracked.Alert is { } alert)
        {
            Track(alert);
        }
        Version = version;
    }

    private void Track(DriftAlert alert)
    {
        var card = CardAlert.From(alert);
        var index = _alerts.FindIndex(a => a.AlertId == card.AlertId);
        if (index >= 0)
        {
            _alerts[index] = card;
        }
        else
        {
            _alerts.Insert(0, card);
            if (_alerts.Count > AlertsKept)
            {
                _alerts.RemoveAt(_alerts.Count - 1);
            }
        }
        Open = alert.Transition == AlertTransition.Resolved ? null : card;
    }
}
