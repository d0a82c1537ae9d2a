using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamDrift.Cli.Card;

namespace StreamDrift.Cli.Web;

/// <summary>
/// <c>/events</c>: server-sent events that keep an open card current without reload. Each message carries
/// the stores changed since the client's last message (<see cref="CardJson"/>); changes are coalesced to at
/// most a few messages a second however many stores change, and at most <see cref="WebLimits.MaxEventStreams"/>
/// streams are open at once.
/// </summary>
internal sealed class CardEventStreams(CardBoard board, TimeProvider time)
{
    /// <summary>Shortest gap between two messages to one client: snapshots arrive every second per store.</summary>
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _closing = new();
    private int _open;

    public async Task ServeAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _open) > WebLimits.MaxEventStreams)
        {
            Interlocked.Decrement(ref _open);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "10";
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token);
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            // The client says which version its /card.json had; the first message brings what changed since.
            var sent = long.TryParse(context.Request.Query["since"], out var since) ? since : -1;
            while (!stop.IsCancellationRequested)
            {
                var version = board.Version;
                if (version > sent)
                {
                    await WriteAsync(response, sent, stop.Token).ConfigureAwait(false);
                    sent = version;
                    await Task.Delay(MinGap, time, stop.Token).ConfigureAwait(false);
                    continue;
                }
                var changed = board.WaitForChangeAsync(sent, stop.Token);
                var beat = Task.Delay(WebLimits.EventStreamHeartbeat, time, stop.Token);
                if (await Task.WhenAny(changed, beat).ConfigureAwait(false) == beat)
                {
                    await response.WriteAsync(": heartbeat\n\n", stop.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The browser closed the card, or the process is stopping.
        }
        catch (IOException)
        {
            // The connection broke mid-write.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Ends every open stream (shutdown must not wait for browsers to leave).</summary>
    public void Close() => _closing.Cancel();

    private async Task WriteAsync(HttpResponse response, long since, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        buffer.Write("event: card\ndata: "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CardJson.Write(writer, board, time.GetUtcNow(), since);
        }
        buffer.Write("\n\n"u8);
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
