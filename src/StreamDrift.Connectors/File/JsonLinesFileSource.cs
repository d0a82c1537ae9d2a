using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.File;

/// <summary>
/// Active-user samples from a JSON-lines file that another process appends to (tail -F style): lines are
/// picked up on each poll of the injected scheduler, a half-written last line waits for its newline, and a
/// file that shrinks (truncated or replaced by a shorter one) is read again from its start.
/// </summary>
public sealed partial class JsonLinesFileSource
{
    private readonly JsonLinesFileSourceOptions _options;
    private readonly IRejectedInputSink _rejected;
    private readonly ILogger<JsonLinesFileSource> _logger;
    private readonly IScheduler _scheduler;
    private readonly TimeProvider _time;

    /// <param name="options">Validated here.</param>
    /// <param name="rejected">Where lines that are not valid samples go.</param>
    /// <param name="logger">Operational log (file missing, truncated).</param>
    /// <param name="scheduler">Drives the polls.</param>
    /// <param name="time">Stamps rejections; the host supplies the clock, so tests can step it.</param>
    public JsonLinesFileSource(JsonLinesFileSourceOptions options, IRejectedInputSink rejected, ILogger<JsonLinesFileSource> logger, IScheduler scheduler, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _rejected = rejected ?? throw new ArgumentNullException(nameof(rejected));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Follows the file from subscription to disposal: one poll at once, then every
    /// <see cref="JsonLinesFileSourceOptions.PollInterval"/>. Each subscription follows independently.
    /// </summary>
    public IObservable<ActiveUsersSample> Observe() => Observable.Create<ActiveUsersSample>(observer =>
    {
        var follower = new FileFollower(_options, new JsonSampleDecoder($"file:{_options.Path}", _rejected, _time), _logger);
        return _scheduler.Schedule(TimeSpan.Zero, again =>
        {
            try
            {
                follower.Poll(observer.OnNext);
            }
            catch (IOException ex)
            {
                // A transient sharing or device error: the next poll tries again.
                LogReadFailed(_logger, _options.Path, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                LogReadFailed(_logger, _options.Path, ex);
            }

            again(_options.PollInterval);
        });
    });

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Could not read the samples file {Path}; retrying at the next poll")]
    private static partial void LogReadFailed(ILogger logger, string path, Exception exception);
}
