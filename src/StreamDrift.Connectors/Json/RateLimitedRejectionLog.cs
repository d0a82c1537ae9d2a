using Microsoft.Extensions.Logging;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Json;

/// <summary>
/// A dead-letter decorator that logs rejections without flooding: per reason, at most
/// <c>maxPerInterval</c> lines per interval, then one summary of how many were suppressed when the
/// next interval opens. Every rejection is still forwarded (and so counted and dead-lettered).
/// Thread-safe. Payloads are never logged: they may carry whatever a connector sent.
/// </summary>
public sealed partial class RateLimitedRejectionLog : IRejectedInputSink
{
    private readonly IRejectedInputSink _next;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxPerInterval;
    private readonly TimeSpan _interval;
    private readonly Budget[] _budgets = new Budget[Enum.GetValues<RejectionReason>().Length];
    private readonly Lock _gate = new();

    /// <param name="next">Where every rejection goes on to (counters, dead-letter topic).</param>
    /// <param name="logger">The log.</param>
    /// <param name="time">The clock of the intervals.</param>
    /// <param name="maxPerInterval">Lines per reason and interval. Default 5; at least 1.</param>
    /// <param name="interval">Default 1 min; positive.</param>
    public RateLimitedRejectionLog(IRejectedInputSink next, ILogger<RateLimitedRejectionLog> logger, TimeProvider time, int maxPerInterval = 5, TimeSpan? interval = null)
    {
        _next = next ?? throw new ArgumentNullException(nameof(next));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerInterval, 1);
        _maxPerInterval = maxPerInterval;
        _interval = interval ?? TimeSpan.FromMinutes(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, nameof(interval));
    }

    public void Reject(RejectedInput rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        bool log;
        long suppressed = 0;
        lock (_gate)
        {
            ref var budget = ref _budgets[(int)rejected.Reason];
            var now = _time.GetUtcNow();
            if (now - budget.Opened >= _interval)
            {
                suppressed = budget.Suppressed;
                budget = new Budget { Opened = now };
            }

            log = budget.Logged < _maxPerInterval;
            if (log)
            {
                budget.Logged++;
            }
            else
            {
                budget.Suppressed++;
            }
        }

        if (suppressed > 0)
        {
            LogSuppressed(_logger, suppressed, rejected.Reason, _interval);
        }

        if (log)
        {
            LogRejected(_logger, rejected.Reason, rejected.Source, rejected.StoreId ?? "-", rejected.Detail);
        }

        _next.Reject(rejected);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Rejected input ({Reason}) from {Source}, store {StoreId}: {Detail}")]
    private static partial void LogRejected(ILogger logger, RejectionReason reason, string source, string storeId, string detail);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Count} more rejections ({Reason}) were not logged in the last {Interval}")]
    private static partial void LogSuppressed(ILogger logger, long count, RejectionReason reason, TimeSpan interval);

    private struct Budget
    {
        public DateTimeOffset Opened;
        public int Logged;
        public long Suppressed;
    }
}
