using StreamDrift.Core.Layouts;
using StreamDrift.Core.Options;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis;

/// <summary>How one store's session keys are watched. Validated once, by <see cref="Validate"/>, at start.</summary>
public sealed class StoreWatcherOptions
{
    /// <summary>The store these sessions belong to; carried on every snapshot. Required.</summary>
    public string StoreId { get; set; } = "";

    /// <summary>Session-key prefixes (at least one, none empty). Overlapping prefixes are reduced to the shortest.</summary>
    public IList<string> Prefixes { get; } = new List<string>();

    /// <summary>
    /// Globs (<c>*</c>, <c>?</c>) of keys under the prefixes that are not sessions (lock keys, expiry markers): they
    /// are left out of the live count, every reconcile and the TTL sample. None may exclude every key under a prefix.
    /// </summary>
    public IList<string> Exclusions { get; } = new List<string>();

    /// <summary>Exact length of a session id after its prefix (letters and digits); 0 (default) counts any id.</summary>
    public int SessionIdLength { get; set; }

    /// <summary>
    /// The layout's expiry marker (Spring's <c>sessions:expires:&lt;id&gt;</c>): when set, the TTL sample reads each
    /// session's marker, its exact expiry, instead of the session key's longer TTL. Default none.
    /// </summary>
    public ExpiryMarker? ExpiryMarker { get; set; }

    /// <summary>
    /// The layout's bot lifetimes (Magento's Cm_RedisSession): when set, each TTL sample also reads the sampled
    /// sessions' idle times and estimates the share of bot sessions (<see cref="Core.Signals.TtlSummary.BotShare"/>). Default none.
    /// </summary>
    public BotLifetimes? BotLifetimes { get; set; }

    /// <summary>The logical DB holding the sessions. Default 0; 0 to 15 on a stock server.</summary>
    public int Database { get; set; }

    /// <summary>
    /// False switches every reconcile scan off (the first seed included): the count then comes from events
    /// alone. For tests and diagnosis; default true.
    /// </summary>
    public bool ReconcileEnabled { get; set; } = true;

    /// <summary>Time between scheduled reconciles. Default 5 minutes; at least 1 second.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How a reconcile's SCAN pages are sized and spaced: from the server time they take, toward a target page
    /// time and within a duty cycle (defaults: 1 ms pages, 10 % of the server's time; see <see cref="ScanPacing"/>).
    /// </summary>
    public ScanPacing ReconcilePacing { get; set; } = new();

    /// <summary>Session keys whose TTL is read per reconcile (a uniform random sample). Default 256; 0 to 10,000.</summary>
    public int TtlSampleSize { get; set; } = 256;

    /// <summary>Time between INFO samples. Default 1 second; 100 ms to 1 minute.</summary>
    public TimeSpan InfoInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time between published snapshots. Default 1 second; 10 ms to 1 minute.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When true (default), missing notify-keyspace-events flags are added with CONFIG SET (merged, never
    /// replacing others' flags). When false, a missing flag stops the watcher with a message naming it.
    /// </summary>
    public bool ConfigureNotifications { get; set; } = true;

    /// <summary>
    /// SCAN-only mode: no keyspace subscription and no CONFIG; the count comes from reconcile scans alone,
    /// adopted as they are, every <see cref="ReconcileInterval"/> (set it short, e.g. 10 s). For Redis older
    /// than 7.0 (no <c>new</c> event) or where notifications cannot be enabled. The count then lags by up to one
    /// interval plus a scan, and the per-kind event tallies stay zero. Default false.
    /// </summary>
    public bool ScanOnly { get; set; }

    /// <summary>
    /// How often a cluster primary that refuses CONFIG (while others accept it) is counted by its own paced scan:
    /// SCAN-only mode for that primary alone (see <see cref="ScanOnly"/> for the whole store). Its keys in the count
    /// lag by up to this plus a scan. Default 10 seconds; 1 second to 1 hour.
    /// </summary>
    public TimeSpan ScanOnlyInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most keyspace messages allowed to wait in the client library's (unbounded) queue. Beyond it the oldest
    /// are shed unread, counted, and a reconcile restores the count. Default 1,000,000 (about 100 MB of
    /// messages); 1,000 to 10,000,000.
    /// </summary>
    public int MaxPendingEvents { get; set; } = 1_000_000;

    /// <summary>
    /// Time between proofs that every primary still lists our keyspace subscriptions (CLIENT LIST TYPE pubsub),
    /// also made at once after the subscriber connection is restored. Default 5 seconds; 100 ms to 5 minutes.
    /// </summary>
    public TimeSpan SubscriptionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The count error that cannot by itself make a window material, in keys: after a gap the count is re-centred
    /// on a reconcile scan, which may leave up to half the keyspace events that overlapped it; the count is settled
    /// (trusted, its windows judged again) once that is at most this many keys or
    /// <see cref="SettleToleranceFraction"/> of the keys, whichever is larger. Default 100 and 0.05: half of the
    /// medium preset's materiality (200 keys and 10 points of drift); <c>run</c> sets half of the store's own.
    /// 0 to 1,000,000,000.
    /// </summary>
    public long SettleToleranceKeys { get; set; } = 100;

    /// <summary>See <see cref="SettleToleranceKeys"/>. Default 0.05; 0 to 1.</summary>
    public double SettleToleranceFraction { get; set; } = 0.05;

    /// <summary>The settle tolerance for a keyspace of <paramref name="keys"/> session keys.</summary>
    public long SettleTolerance(long keys) => Math.Max(SettleToleranceKeys, (long)(SettleToleranceFraction * keys));

    /// <summary>
    /// Longest wait between the reconciles that follow a correction until one finds the count exact within its
    /// bound (the wait doubles from 1 second). Default 30 seconds; 1 second to 10 minutes.
    /// </summary>
    public TimeSpan MaxFollowUpDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What one session is under these options: prefixes (overlaps removed), exclusions, id shape.</summary>
    public SessionKeyRules Rules() => SessionKeyRules.Create(Prefixes, Exclusions, SessionIdLength);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        const string Owner = nameof(StoreWatcherOptions);
        OptionGuard.Require(!string.IsNullOrWhiteSpace(StoreId), Owner, nameof(StoreId), "is required");
        OptionGuard.Require(Prefixes.Count > 0, Owner, nameof(Prefixes), "needs at least one prefix");
        OptionGuard.Require(Prefixes.All(p => !string.IsNullOrEmpty(p)), Owner, nameof(Prefixes), "must not contain an empty prefix (it would match every key)");
        OptionGuard.InRange(SessionIdLength, 0, 1024, Owner, nameof(SessionIdLength));
        try
        {
            Rules();
        }
        catch (ArgumentException e)
        {
            OptionGuard.Require(false, Owner, nameof(Exclusions), e.Message);
        }
        OptionGuard.Require(!ScanOnly || ReconcileEnabled, Owner, nameof(ReconcileEnabled), "must be true with ScanOnly (scans are then the only source of the count)");
        OptionGuard.InRange(Database, 0, 10_000, Owner, nameof(Database));
        OptionGuard.InRange(ReconcileInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), Owner, nameof(ReconcileInterval));
        OptionGuard.Require(ReconcilePacing is not null, Owner, nameof(ReconcilePacing), "is required");
        ReconcilePacing!.Validate();
        OptionGuard.InRange(TtlSampleSize, 0, 10_000, Owner, nameof(TtlSampleSize));
        OptionGuard.InRange(InfoInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), Owner, nameof(InfoInterval));
        OptionGuard.InRange(SnapshotInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), Owner, nameof(SnapshotInterval));
        OptionGuard.InRange(ScanOnlyInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), Owner, nameof(ScanOnlyInterval));
        OptionGuard.InRange(MaxPendingEvents, 1_000, 10_000_000, Owner, nameof(MaxPendingEvents));
        OptionGuard.InRange(SubscriptionCheckInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), Owner, nameof(SubscriptionCheckInterval));
        OptionGuard.InRange(SettleToleranceKeys, 0, 1_000_000_000, Owner, nameof(SettleToleranceKeys));
        OptionGuard.InRange(SettleToleranceFraction, 0, 1, Owner, nameof(SettleToleranceFraction));
        OptionGuard.InRange(MaxFollowUpDelay, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), Owner, nameof(MaxFollowUpDelay));
    }
}
