using System.Net.Http.Headers;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Http;

/// <summary>
/// Active-user samples polled from an HTTP endpoint on the injected scheduler. A failed poll (refused,
/// timed out, non-2xx) is logged and the next one tried on schedule; a body that is not valid samples is
/// dead-lettered. A poll still running when the next is due is not doubled: that tick is skipped.
/// </summary>
public sealed partial class HttpPollSource
{
    private readonly HttpPollSourceOptions _options;
    private readonly HttpClient _http;
    private readonly IRejectedInputSink _rejected;
    private readonly ILogger<HttpPollSource> _logger;
    private readonly IScheduler _scheduler;
    private readonly TimeProvider _time;

    /// <param name="options">Validated here.</param>
    /// <param name="http">The client (from IHttpClientFactory in the host); its own timeout is not relied on.</param>
    /// <param name="rejected">Where invalid bodies and records go.</param>
    /// <param name="logger">Operational log; the auth header is never written to it.</param>
    /// <param name="scheduler">Drives the polls.</param>
    /// <param name="time">Stamps rejections; the host supplies the clock, so tests can step it.</param>
    public HttpPollSource(HttpPollSourceOptions options, HttpClient http, IRejectedInputSink rejected, ILogger<HttpPollSource> logger, IScheduler scheduler, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _rejected = rejected ?? throw new ArgumentNullException(nameof(rejected));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    private int _pollsCompleted;

    /// <summary>Polls that have finished (succeeded or failed), for tests that step the clock poll by poll.</summary>
    internal int PollsCompleted => Volatile.Read(ref _pollsCompleted);

    /// <summary>Polls at once, then every <see cref="HttpPollSourceOptions.Interval"/>, until disposal.</summary>
    public IObservable<ActiveUsersSample> Observe() => Observable.Create<ActiveUsersSample>(observer =>
    {
        var decoder = new JsonSampleDecoder($"http:{_options.Url.GetLeftPart(UriPartial.Path)}", _rejected, _time);
        var stop = new CancellationTokenSource();
        var gate = new object();
        var inFlight = 0;
        var timer = _scheduler.Schedule(TimeSpan.Zero, again =>
        {
            if (Interlocked.CompareExchange(ref inFlight, 1, 0) == 0)
            {
                // The poll is marked finished before its samples are emitted, so whoever reacts to a sample
                // (a test advancing the clock, say) never finds the next poll skipped as still in flight.
                _ = PollAsync(decoder, stop.Token).ContinueWith(
                    poll =>
                    {
                        Volatile.Write(ref inFlight, 0);
                        Interlocked.Increment(ref _pollsCompleted);
                        foreach (var sample in poll.Result)
                        {
                            Emit(sample);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion,
                    TaskScheduler.Default);
            }

            again(_options.Interval);
        });

        void Emit(ActiveUsersSample sample)
        {
            lock (gate)
            {
                if (!stop.IsCancellationRequested)
                {
                    observer.OnNext(sample);
                }
            }
        }

        return Disposable.Create(() =>
        {
            timer.Dispose();
            lock (gate)
            {
                stop.Cancel();
            }

            stop.Dispose();
        });
    });

    /// <summary>One poll: the samples it decoded, or none when it failed (the failure is logged or dead-lettered).</summary>
    private async Task<IReadOnlyList<ActiveUsersSample>> PollAsync(JsonSampleDecoder decoder, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _options.Url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_options.AuthHeaderValue is { } auth)
            {
                request.Headers.TryAddWithoutValidation(_options.AuthHeaderName, auth);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogStatus(_logger, _options.Url.GetLeftPart(UriPartial.Path), (int)response.StatusCode);
                return [];
            }

            var body = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (body is null)
            {
                decoder.Reject([], RejectionReason.MalformedJson, $"body larger than {_options.MaxBodyBytes} bytes");
                return [];
            }

            var samples = new List<ActiveUsersSample>();
            decoder.DecodeBody(body, samples);
            return samples;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed: nothing to report.
            return [];
        }
        catch (OperationCanceledException)
        {
            LogTimeout(_logger, _options.Url.GetLeftPart(UriPartial.Path), _options.Timeout);
            return [];
        }
        catch (HttpRequestException ex)
        {
            LogFailed(_logger, _options.Url.GetLeftPart(UriPartial.Path), ex);
            return [];
        }
    }

    private async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxBodyBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _options.MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Active-users endpoint {Url} answered HTTP {Status}; retrying at the next poll")]
    private static partial void LogStatus(ILogger logger, string url, int status);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Active-users endpoint {Url} did not answer within {Timeout}; retrying at the next poll")]
    private static partial void LogTimeout(ILogger logger, string url, TimeSpan timeout);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Active-users endpoint {Url} could not be reached; retrying at the next poll")]
    private static partial void LogFailed(ILogger logger, string url, Exception exception);
}
