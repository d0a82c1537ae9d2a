using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Signals;

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
    private const string FollowUp = "follow-up of";

    // After a failed scan (Redis unreachable), wait this long before trying again.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Subject<ReconcileResult> _reconciled = new();
    private volatile ReconcileResult? _last;
    private long _count;

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
            reason = await requests.NextAsync(options.ReconcileInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

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
            var tally = default(ScanTally);
            foreach (var node in nodes.Primaries())
            {
                tally += await node.ScanAsync(rules, options.ScanPageSize, reservoir.Offer, cancellationToken).ConfigureAwait(false);
            }
            await subscriptions.BarrierAsync(cancellationToken).ConfigureAwait(false);
            var counterAtEnd = counter.Value;
            var eventsDuring = counter.CountChangingEvents - eventsBefore;
            // In SCAN-only mode every scan is the count: there are no events to protect.
            seed |= options.ScanOnly;
            var decision = seed
                ? ReconcilePolicy.Seed(counterAtStart, counterAtEnd, tally.Keys, eventsDuring)
                : ReconcilePolicy.Decide(counterAtEnd, tally.Keys, eventsDuring);
            if (seed)
            {
                counter.Seed(decision.Correction);
            }
            else
            {
                counter.Correct(decision.Correction);
            }
            reachability.Answered();

            var result = new ReconcileResult(
                time.GetUtcNow(), counterAtEnd, tally.Keys, decision.UncertaintyBound, decision.Correction,
                time.GetElapsedTime(started), reason);
            Interlocked.Increment(ref _count);
            _last = result;
            Log(result, seed);
            RequestFollowUp(result, seed, gapsBefore);
            await ttls.SampleAsync(reservoir.Items.ToArray(), cancellationToken).ConfigureAwait(false);
            _reconciled.OnNext(result);
            return result;
        }
        finally
        {
            _gate.Release();
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

    private void RequestFollowUp(ReconcileResult result, bool seed, long gapsBefore)
    {
        if (gaps.Count != gapsBefore)
        {
            // Events were lost while this scan ran; its figure may already be stale.
            requests.Request("gap during reconcile");
        }
        else if ((seed || result.Correction != 0) && result.UncertaintyBound > 0 && !result.Reason.StartsWith(FollowUp, StringComparison.Ordinal))
        {
            // A correction made under churn may leave up to the bound uncorrected: one more scan, right away,
            // usually quieter, converges. Never chained, so permanent churn does not mean permanent scanning.
            requests.Request($"{FollowUp} {result.Reason}");
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
