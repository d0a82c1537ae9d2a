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
/// events that really overlapped the scan, and it hands the keys it drew to the <see cref="TtlSampler"/>.
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
        if (unsettled == 0)
        {
            return await requests.NextAsync(options.ReconcileInterval, time, cancellationToken).ConfigureAwait(false);
        }
        var delay = TimeSpan.FromTicks(Math.Min(
            FirstFollowUpDelay.Ticks << Math.Min(unsettled - 1, 16), Math.Min(options.MaxFollowUpDelay.Ticks, options.ReconcileInterval.Ticks)));
        var reason = await requests.NextAsync(delay, time, cancellationToken).ConfigureAwait(false);
        return reason == ReconcileRequests.Scheduled ? $"{FollowUp} #{unsettled} (count not settled)" : reason;
    }

    /// <summary>
    /// The counter is known to have missed events of unknown number (the primaries changed: a failover's lost
    /// events, a new primary's keys): until a scan without concurrent events, reconciles let the scan win as a
    /// seed does (error at most half the net change during the scan) instead of protecting the counter within
    /// the bound, and keep following up with back-off. The moves are counted as corrections.
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
            var decision = seed || rebase
                ? ReconcilePolicy.Seed(counterAtStart, counterAtEnd, tally.Keys, eventsDuring)
                : ReconcilePolicy.Decide(counterAtEnd, tally.Keys, eventsDuring);
            if (seed)
            {
                counter.Seed(decision.Correction);
            }
            else if (rebase)
            {
                // The loss is already counted as a gap; the correction measures it.
                counter.Correct(decision.Correction);
                _rebase = eventsDuring != 0;
            }
            else
            {
                counter.Correct(decision.Correction);
                if (decision.Correction != 0)
                {
                    // Events were missed that no other check saw: the windows judged on that count were wrong.
                    gaps.Note($"reconcile ({reason}) corrected {decision.Correction} beyond its bound of {decision.UncertaintyBound}");
                }
            }
            reachability.Answered();

            var result = new ReconcileResult(
                time.GetUtcNow(), counterAtEnd, tally.Keys, decision.UncertaintyBound, decision.Correction,
                time.GetElapsedTime(started), reason);
            Interlocked.Increment(ref _count);
            _last = result;
            Log(result, seed);
            RequestFollowUp(result, seed, rebase, gapsBefore);
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

    private void RequestFollowUp(ReconcileResult result, bool seed, bool rebase, long gapsBefore)
    {
        var correctionGap = !seed && !rebase && result.Correction != 0 ? 1 : 0;
        if (gaps.Count - correctionGap != gapsBefore)
        {
            // Events were lost while this scan ran; its figure may already be stale.
            Interlocked.Increment(ref _unsettled);
            requests.Request("gap during reconcile");
        }
        // A seed's correction is the count itself, not a miss: only its bound says whether to follow it up.
        else if ((!seed && result.Correction != 0) || ((seed || rebase || gaps.Open) && !Settles(result)))
        {
            // A correction (or a seed made under churn) may leave up to the bound uncorrected: keep scanning,
            // backing off, until one scan finds nothing beyond its bound. The first follow-up at once: a quieter
            // scan usually converges (and a loop waiting out the schedule wakes for it).
            if (Interlocked.Increment(ref _unsettled) == 1)
            {
                requests.Request($"{FollowUp} of {result.Reason}");
            }
        }
        else
        {
            Volatile.Write(ref _unsettled, 0);
            gaps.Settled(gapsBefore);
        }
    }

    // A scan within its bound proves the count only to that bound: events missed during a gap hide inside a wide
    // one (a restore under churn). Settled means a bound of at most 10 keys or 1% of the keys, below any alert's
    // materiality; under heavier churn the follow-ups go on, backing off to MaxFollowUpDelay. Only after a gap or
    // a seed: a routine scan under churn, with no sign of lost events, does not start a chain of scans.
    private static bool Settles(ReconcileResult result) =>
        result.UncertaintyBound <= Math.Max(10, result.Scanned / 100);

    /// <summary>Ends <see cref="Reconciled"/>; call after the loop has stopped.</summary>
    public void Complete() => _reconciled.OnCompleted();

    public void Dispose()
    {
        _reconciled.Dispose();
        _gate.Dispose();
    }
}
