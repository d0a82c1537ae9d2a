using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis;

/// <summary>
/// Repairs the live count from SCANs of every primary: first a seed, then on schedule and after every gap.
/// One reconcile at a time; each one is bracketed by keyspace barriers so its uncertainty bound counts only the
/// events that really overlapped the scan, and it hands the keys it drew to the <see cref="TtlSampler"/>. After a
/// gap the count is re-centred on a scan, and settled once what that scan may have left cannot matter.
/// </summary>
internal sealed class ReconcileLoop(
    StoreNodes nodes,
    KeyspaceSubscriptions subscriptions,
    SessionKeyCounter counter,
    TtlSampler ttls,
    KeyspaceGaps gaps,
    ReconcileRequests requests,
    Reachability reachability,
    SessionKeyRules rules,
    StoreWatcherOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private const string FollowUp = "follow-up";

    // The first wait before a follow-up of an unsettled reconcile; it doubles up to MaxFollowUpDelay.
    private static readonly TimeSpan FirstFollowUpDelay = TimeSpan.FromSeconds(1);

    // After a failed scan (Redis unreachable), wait this long before trying again.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Subject<ReconcileResult> _reconciled = new();
    private volatile ReconcileResult? _last;
    private string? _fallbackLogged;
    private long _count;
    private int _unsettled;
    private volatile bool _rebase;

    // The settle state (only the reconcile, under the gate, touches it; see Decide). _centredAt: the gap count the
    // last centring reconcile started at (-1: none yet), so a later gap needs a centring of its own.
    // _centredResidual: how far the count may still be off after that centring (half the events that overlapped its
    // scan, tightened by the trusted scans since); _pending: more than the settle tolerance, so the next scans centre
    // again.
    private long _centredAt = -1;
    private long _centredResidual;
    private bool _pending;

    // Quiet checks after a settle that may have left keys off (_centredResidual > 0): how many so far. They back off
    // to the reconcile interval; they neither hold windows as uncertain nor count a gap unless they find a loss.
    private int _checks;

    public IObservable<ReconcileResult> Reconciled => _reconciled.AsObservable();

    public ReconcileResult? Last => _last;

    /// <summary>Reconciles completed.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Seeds the count, then reconciles on every request or when the interval passes, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.ReconcileEnabled)
        {
            return;
        }
        var reason = "initial seed";
        var seed = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(reason, seed, cancellationToken).ConfigureAwait(false);
                seed = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis unreachable, a timeout, or a reply we did not expect: the loop must outlive all of them.
                reachability.Failed(e);
                WatcherLog.RedisFailed(logger, "reconcile", e);
                await Task.Delay(RetryAfterFailure, time, cancellationToken).ConfigureAwait(false);
                continue; // retry the same reason: the count is not trusted until a scan completes
            }
            reason = await NextReasonAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // While the count is not settled (a correction beyond the bound, or one made under churn), reconcile again
    // with back-off (1 s, 2 s, 4 s ... MaxFollowUpDelay) rather than waiting for the schedule.
    private async Task<string> NextReasonAsync(CancellationToken cancellationToken)
    {
        var unsettled = Volatile.Read(ref _unsettled);
        if (unsettled == 0 && _checks > 0)
        {
            // The count was settled within the tolerance, not proven exact: a quieter scan soon corrects what the
            // centring left (or finds a loss) instead of leaving it until the schedule.
            var next = await requests.NextAsync(BackOff(_checks, options.ReconcileInterval), time, cancellationToken).ConfigureAwait(false);
            return next == ReconcileRequests.Scheduled ? $"check #{_checks} (up to {_centredResidual} keys left by re-centring)" : next;
        }
        if (unsettled == 0)
        {
            return await requests.NextAsync(options.ReconcileInterval, time, cancellationToken).ConfigureAwait(false);
        }
        var delay = BackOff(unsettled, options.MaxFollowUpDelay < options.ReconcileInterval ? options.MaxFollowUpDelay : options.ReconcileInterval);
        var reason = await requests.NextAsync(delay, time, cancellationToken).ConfigureAwait(false);
        return reason == ReconcileRequests.Scheduled ? $"{FollowUp} #{unsettled} (count not settled)" : reason;
    }

    // The wait before the attempt-th follow-up or check: 1 s, 2 s, 4 s ... up to the cap.
    private static TimeSpan BackOff(int attempt, TimeSpan cap) =>
        TimeSpan.FromTicks(Math.Min(FirstFollowUpDelay.Ticks << Math.Min(attempt - 1, 16), cap.Ticks));

    /// <summary>
    /// The counter is known to have missed events of unknown number (the primaries changed: a failover's lost
    /// events, a new primary's keys): the next reconcile lets the scan win as a seed does (error at most half the
    /// events during the scan) instead of protecting the counter within the bound, and so do the follow-ups, with
    /// back-off, until that half is within the settle tolerance (see <see cref="Decide"/>). Before, this went on
    /// until a scan overlapped no event at all: under steady churn never. The moves are counted as corrections.
    /// </summary>
    public void Rebase() => _rebase = true;

    /// <summary>One reconcile now, after a running one; the scheduled and gap-triggered ones take the same path.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string reason, bool seed, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = time.GetTimestamp();
            // Events already on the wire belong to the time before the scan: apply them first.
            await subscriptions.BarrierAsync(cancellationToken).ConfigureAwait(false);
            var eventsBefore = counter.CountChangingEvents;
            var counterAtStart = counter.Value;
            var gapsBefore = gaps.Count;
            var reservoir = new BoundedReservoir<RedisKey>(options.TtlSampleSize, Random.Shared);
            var sinks = new PacedScanSinks(PageTimes.Server, PageTimes.RoundTrip, SampleStride(counterAtStart), Offer);
            var tally = default(ScanTally);
            void Offer(RedisKey key)
            {
                lock (reservoir)
                {
                    reservoir.Offer(key);
                }
            }
            // Every primary at once: a cluster's reconcile takes as long as its largest shard, not the sum.
            // Primaries counted by SCAN only have their own loop (ScanOnlyPrimaries): the counter holds none of their keys.
            var scans = nodes.Primaries().Where(n => !n.ScanOnly).Select(async node => (Node: node, Result: await node.ScanAsync(rules, sinks, cancellationToken).ConfigureAwait(false)));
            foreach (var (node, (nodeTally, scanner)) in await Task.WhenAll(scans).ConfigureAwait(false))
            {
                tally += nodeTally;
                NoteMode(node.Name, scanner);
            }
            await subscriptions.BarrierAsync(cancellationToken).ConfigureAwait(false);
            var counterAtEnd = counter.Value;
            var eventsDuring = counter.CountChangingEvents - eventsBefore;
            // In SCAN-only mode every scan is the count: there are no events to protect.
            seed |= options.ScanOnly;
            var rebase = _rebase && !seed;
            var (decision, settles, noted) = Decide(reason, seed, rebase, gapsBefore, counterAtStart, counterAtEnd, tally.Keys, eventsDuring);
            reachability.Answered();

            var result = new ReconcileResult(
                time.GetUtcNow(), counterAtEnd, tally.Keys, decision.UncertaintyBound, decision.Correction,
                time.GetElapsedTime(started), reason);
            Interlocked.Increment(ref _count);
            _last = result;
            Log(result, seed);
            RequestFollowUp(settles, gapsBefore, noted);
            await ttls.SampleAsync(reservoir.Items.ToArray(), cancellationToken).ConfigureAwait(false);
            _reconciled.OnNext(result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Each reconcile page's time: on the server (script mode) or its round trip (plain SCAN).</summary>
    public ReconcilePageTimes PageTimes { get; } = new();

    // Keys of the scan that come back by name for the TTL reservoir: about four candidates per reservoir slot, so
    // a script-mode scan ships a few hundred names, not millions. Before the first seed the size is unknown: all.
    private int SampleStride(long expectedKeys) =>
        options.TtlSampleSize == 0 ? 0 : (int)Math.Clamp(expectedKeys / (4L * options.TtlSampleSize), 1, int.MaxValue);

    private void NoteMode(string node, ServerPageScanner scanner)
    {
        if (scanner.FallbackReason is { } reason && reason != _fallbackLogged)
        {
            _fallbackLogged = reason;
            WatcherLog.PlainScan(logger, node, reason);
        }
    }

    private void Log(ReconcileResult result, bool seed)
    {
        if (result.Correction != 0 && !seed)
        {
            WatcherLog.Correction(logger, result.Reason, result.CounterBefore, result.Scanned, result.UncertaintyBound, result.Correction);
        }
        else
        {
            WatcherLog.Reconciled(logger, result.Reason, result.CounterBefore, result.Scanned, result.UncertaintyBound, result.Correction);
        }
    }

    /// <summary>
    /// What one scan does to the count, and whether the count is settled (trusted, judged again) after it:
    /// <list type="bullet">
    /// <item>Trusted (no gap since the last settle): the scan protects the counter and corrects only what lies
    /// beyond the events that overlapped it (<see cref="ReconcilePolicy.Decide"/>). Beyond them and what the last
    /// centring may have left, it is a gap.</item>
    /// <item>After a gap, a seed or a rebase: events were lost (or never seen) in unknown number, and some may hide
    /// inside any bound, so the scan wins: the count is re-centred on it as a seed is
    /// (<see cref="ReconcilePolicy.Seed"/>), off by at most half the events that overlapped the scan and by none of
    /// the lost ones. Settled when that half is within the settle tolerance
    /// (<see cref="StoreWatcherOptions.SettleToleranceKeys"/>: an error that cannot by itself make a window
    /// material); otherwise the next scan re-centres again, and a scan off by more than its own bound and what the
    /// last centring may have left is a new loss (a gap).</item>
    /// </list>
    /// Before, a settle needed a scan overlapping at most 10 keys' worth of events (or 1 % of the keys) and
    /// finding nothing beyond them: on a loaded machine (slow scans) under churn none ever did, and the count stayed
    /// uncertain, its windows unjudged, for as long as the churn went on.
    /// </summary>
    private (ReconcileDecision Decision, bool Settles, bool Noted) Decide(
        string reason, bool seed, bool rebase, long gapsBefore, long counterAtStart, long counterAtEnd, long scanned, long eventsDuring)
    {
        var check = ReconcilePolicy.Decide(counterAtEnd, scanned, eventsDuring);
        var centre = ReconcilePolicy.Seed(counterAtStart, counterAtEnd, scanned, eventsDuring);
        if (seed)
        {
            counter.Seed(centre.Correction);
            return (centre, Centred(gapsBefore, centre, scanned), false);
        }
        if (rebase || _pending || (gaps.Open && _centredAt != gapsBefore))
        {
            // The loss is already counted (a gap, a rebase); the correction measures it. A scan off by more than its
            // own bound and the last centring's half found events lost since: a gap of its own.
            _rebase = false;
            var lost = _pending && !rebase && _centredAt == gapsBefore && Math.Abs(check.Difference) > check.UncertaintyBound + _centredResidual;
            counter.Correct(centre.Correction);
            if (lost)
            {
                gaps.Note($"reconcile ({reason}) found {check.Difference} keys off, beyond its bound of {check.UncertaintyBound} and the {_centredResidual} the last centring may have left");
            }
            return (centre, Centred(lost ? gapsBefore + 1 : gapsBefore, centre, scanned), lost);
        }
        if (check.Correction == 0)
        {
            // Consistent: the count is off by at most the difference and the bound, which may be less than before.
            _centredResidual = Math.Min(_centredResidual, Math.Abs(check.Difference) + check.UncertaintyBound);
            return (check, true, false);
        }
        counter.Correct(check.Correction);
        if (Math.Abs(check.Difference) <= check.UncertaintyBound + _centredResidual)
        {
            // What the last centring (or the seed) may have left, found by a quieter scan: corrected, not a loss.
            // Left now: at most twice this scan's bound, and what was left less what this corrected.
            _centredResidual = Math.Max(0, Math.Min(2 * check.UncertaintyBound, _centredResidual - Math.Abs(check.Correction)));
            return (check, true, false);
        }
        // A trusted counter off by more than the scan's overlap: events were missed that no other check saw. Only the
        // excess is corrected (the counter may still be right within the bound); the follow-up re-centres it.
        gaps.Note($"reconcile ({reason}) corrected {check.Correction} beyond its bound of {check.UncertaintyBound}");
        return (check, false, true);
    }

    // A count just re-centred on a scan that started at gapsAt gaps; settled when what that scan may have left is
    // within the tolerance, pending (re-centred by the next scans) otherwise.
    private bool Centred(long gapsAt, ReconcileDecision centre, long scanned)
    {
        _centredAt = gapsAt;
        _centredResidual = centre.UncertaintyBound;
        _pending = centre.UncertaintyBound > options.SettleTolerance(scanned);
        return !_pending;
    }

    private void RequestFollowUp(bool settles, long gapsBefore, bool noted)
    {
        if (gaps.Count - (noted ? 1 : 0) != gapsBefore)
        {
            // Events were lost while this scan ran; its figure may already be stale.
            Interlocked.Increment(ref _unsettled);
            requests.Request("gap during reconcile");
        }
        else if (!settles)
        {
            // Not proven yet: keep scanning, backing off, until one scan settles the count. The first follow-up at
            // once (a loop waiting out the schedule wakes for it).
            if (Interlocked.Increment(ref _unsettled) == 1)
            {
                requests.Request($"{FollowUp} of {_last?.Reason}");
            }
        }
        else
        {
            Volatile.Write(ref _unsettled, 0);
            gaps.Settled(gapsBefore);
            // Checks back off (1 s, 2 s, 4 s ...) to the schedule's own interval, and end once a scan proves nothing
            // is left: under steady churn they become the schedule.
            _checks = _centredResidual > 0 ? _checks + 1 : 0;
        }
    }

    /// <summary>Ends <see cref="Reconciled"/>; call after the loop has stopped.</summary>
    public void Complete() => _reconciled.OnCompleted();

    public void Dispose()
    {
        _reconciled.Dispose();
        _gate.Dispose();
    }
}
