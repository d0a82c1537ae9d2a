using System.Threading.Channels;

namespace StreamDrift.Redis;

/// <summary>
/// Reasons to reconcile before the schedule says so (gaps, follow-ups). Requests made while one is pending
/// coalesce: one scan after a burst of gaps repairs them all.
/// </summary>
internal sealed class ReconcileRequests
{
    public const string Scheduled = "scheduled";

    private readonly Channel<string> _requests =
        Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request(string reason) => _requests.Writer.TryWrite(reason);

    /// <summary>The next requested reason, or <see cref="Scheduled"/> once <paramref name="interval"/> passes without one.</summary>
    public async Task<string> NextAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _requests.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            return _requests.Reader.TryRead(out var reason) ? reason : Scheduled;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Scheduled;
        }
    }
}
