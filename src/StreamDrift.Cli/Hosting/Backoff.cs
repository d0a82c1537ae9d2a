namespace StreamDrift.Cli.Hosting;

/// <summary>Retries an attempt until it succeeds or the token is cancelled, waiting per <see cref="BackoffPolicy"/>.</summary>
internal static class Backoff
{
    /// <param name="attempt">One try; any exception but cancellation counts as a failure.</param>
    /// <param name="policy">Delays between attempts.</param>
    /// <param name="onFailure">Told the failure count, the error and the coming delay (log it, mark health).</param>
    /// <param name="time">The clock the delays run on.</param>
    /// <param name="random">Jitter source.</param>
    /// <param name="cancellationToken">Stops retrying (shutdown).</param>
    /// <returns>The number of failures before the success.</returns>
    public static async Task<int> RetryAsync(
        Func<CancellationToken, Task> attempt,
        BackoffPolicy policy,
        Action<int, Exception, TimeSpan> onFailure,
        TimeProvider time,
        Random random,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(onFailure);
        policy.Validate();
        for (var failures = 0; ; )
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return failures;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                var delay = policy.DelayAfter(failures, random);
                onFailure(failures, e, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
