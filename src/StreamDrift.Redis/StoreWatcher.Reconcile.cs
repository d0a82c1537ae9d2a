using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

public sealed partial class StoreWatcher
{
    // How long a scan's end waits for the keyspace messages already on the wire to be applied.
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(5);

    private const string FollowUp = "follow-up of";

    // After a failed scan (Redis unreachable), wait this long before trying again.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs one reconcile now (waiting for a running one to finish) and returns its result. The scheduled and
    /// gap-triggered reconciles go through the same path.
    /// </summary>
    public async Task<ReconcileResult> ReconcileNowAsync(string reason, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        return await ReconcileAsync(reason, seed: false, linked.Token).ConfigureAwait(false);
    }

    private async Task ReconcileLoopAsync(CancellationToken cancellationToken)
    {
        if (!_options.ReconcileEnabled)
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
                _reachable = e is not RedisException && _reachable;
                LogRedisFailed("reconcile", e);
                await Task.Delay(RetryAfterFailure, _time, cancellationToken).ConfigureAwait(false);
                continue; // retry the same reason: the count is not trusted until a scan completes
            }
            reason = await NextReconcileReasonAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> NextReconcileReasonAsync(CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(_options.ReconcileInterval, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _reconcileRequests.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            return _reconcileRequests.Reader.TryRead(out var reason) ? reason : "scheduled";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "scheduled";
        }
    }

    private async Task<ReconcileResult> ReconcileAsync(string reason, bool seed, CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _time.GetTimestamp();
            // Events already on the wire belong to the time before the scan: apply them first, so the bound
            // below only counts events that really overlapped the scan.
            await BarrierAsync(cancellationToken).ConfigureAwait(false);
            var eventsBefore = _counter.CountChangingEvents;
            var counterAtStart = _counter.Value;
            var gapsBefore = Interlocked.Read(ref _gaps);
            var reservoir = new BoundedReservoir<RedisKey>(_options.TtlSampleSize, Random.Shared);
            var tally = default(ScanTally);
            foreach (var server in Primaries())
            {
                foreach (var prefix in _prefixes)
                {
                    tally += await SessionKeyScanner.ScanAsync(
                        server, _options.Database, prefix, _options.ScanPageSize, _options.ScanPagePause, _time,
                        reservoir.Offer, cancellationToken).ConfigureAwait(false);
                }
            }
            await BarrierAsync(cancellationToken).ConfigureAwait(false);
            var counterAtEnd = _counter.Value;
            var eventsDuring = _counter.CountChangingEvents - eventsBefore;
            // In SCAN-only mode every scan is the count: there are no events to protect.
            seed |= _options.ScanOnly;
            var decision = seed
                ? ReconcilePolicy.Seed(counterAtStart, counterAtEnd, tally.Keys, eventsDuring)
                : ReconcilePolicy.Decide(counterAtEnd, tally.Keys, eventsDuring);
            if (seed)
            {
                _counter.Seed(decision.Correction);
            }
            else
            {
                _counter.Correct(decision.Correction);
            }
            _reachable = true;

            var result = new ReconcileResult(
                _time.GetUtcNow(), counterAtEnd, tally.Keys, decision.UncertaintyBound, decision.Correction,
                _time.GetElapsedTime(started), reason);
            Interlocked.Increment(ref _reconciles);
            _lastReconcile = result;
            if (decision.Correction != 0 && !seed)
            {
                LogCorrection(reason, counterAtEnd, tally.Keys, decision.UncertaintyBound, decision.Correction);
            }
            else
            {
                LogReconciled(reason, counterAtEnd, tally.Keys, decision.UncertaintyBound, decision.Correction);
            }
            if (Interlocked.Read(ref _gaps) != gapsBefore)
            {
                // Events were lost while this scan ran; its figure may already be stale.
                RequestReconcile("gap during reconcile");
            }
            else if ((seed || decision.Correction != 0) && decision.UncertaintyBound > 0 && !reason.StartsWith(FollowUp, StringComparison.Ordinal))
            {
                // A correction made under churn may leave up to the bound uncorrected: one more scan, right away,
                // usually quieter, converges. Never chained, so permanent churn does not mean permanent scanning.
                RequestReconcile($"{FollowUp} {reason}");
            }
            _ttl = await SampleTtlsAsync(reservoir.Items.ToArray(), cancellationToken).ConfigureAwait(false);
            _reconciled.OnNext(result);
            return result;
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    /// <summary>
    /// Waits until the keyspace messages Redis sent before now have been applied. A PING on the subscription
    /// connection returns after every message sent before it was read off the socket; then the queues drain.
    /// </summary>
    private async Task BarrierAsync(CancellationToken cancellationToken)
    {
        if (_subscriptions.Count == 0)
        {
            return;
        }
        await _connection.GetSubscriber().PingAsync().ConfigureAwait(false);
        var deadline = _time.GetTimestamp();
        while (_time.GetElapsedTime(deadline) < BarrierTimeout)
        {
            var pending = 0;
            foreach (var subscription in _subscriptions)
            {
                pending += subscription.Backlog;
            }
            if (pending == 0)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TtlSummary?> SampleTtlsAsync(RedisKey[] keys, CancellationToken cancellationToken)
    {
        if (keys.Length == 0)
        {
            return null;
        }
        var database = _connection.GetDatabase(_options.Database);
        var batch = database.CreateBatch();
        var replies = new Task<RedisResult>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            replies[i] = batch.ExecuteAsync("PTTL", keys[i]);
        }
        batch.Execute();
        var ttls = new List<long>(keys.Length);
        foreach (var reply in replies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ttl = (long)await reply.ConfigureAwait(false);
            if (ttl != -2)
            {
                ttls.Add(ttl); // -2: deleted since the scan saw it
            }
        }
        return TtlSummaries.From(_time.GetUtcNow(), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ttls));
    }
}
