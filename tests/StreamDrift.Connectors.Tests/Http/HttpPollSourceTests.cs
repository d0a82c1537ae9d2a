using System.Reactive.Concurrency;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using StreamDrift.Connectors.Http;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;

namespace StreamDrift.Connectors.Tests.Http;

/// <summary>
/// Polls are triggered by virtual time; the HTTP exchange itself is real (loopback), so the test awaits
/// its outcome with a generous limit instead of sleeping.
/// </summary>
public sealed class HttpPollSourceTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly LocalJsonEndpoint _endpoint = new();
    private readonly HistoricalScheduler _scheduler = new(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly RejectionCounters _rejections = new();
    private readonly CapturingLogger<HttpPollSource> _logger = new();
    private readonly Channel<ActiveUsersSample> _received = Channel.CreateUnbounded<ActiveUsersSample>();
    private readonly HttpClient _http = new();
    private readonly TaskCompletionSource<(int, string)> _neverAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action? _rejectionSeen;

    [Fact]
    public async Task ArrayBody_YieldsEveryValidElement_RejectsTheBadOne_AndSendsTheAuthHeader()
    {
        _endpoint.Then(200, $"[{Json("s1", 10)}, {{\"storeId\":\"s2\"}}, {Json("s3", 30)}]");
        _endpoint.Then(200, Json("s4", 40));
        using var subscription = Source(auth: "k-123").Observe().Subscribe(s => _received.Writer.TryWrite(s));

        var first = await NextAsync(2);
        Assert.Equal(["s1", "s3"], first.Select(s => s.StoreId));
        Assert.Equal(1, _rejections[RejectionReason.MissingField]);

        _scheduler.AdvanceBy(TimeSpan.FromSeconds(30));
        Assert.Equal("s4", (await NextAsync(1))[0].StoreId);
        Assert.All(_endpoint.AuthHeaders, h => Assert.Equal("k-123", h));
        Assert.DoesNotContain(_logger.Lines, l => l.Contains("k-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedPolls_AreLoggedAndRetried_AndMalformedBodiesAreDeadLettered()
    {
        _endpoint.Then(500, "oops");
        _endpoint.Then(200, "{\"storeId\":");
        _endpoint.Then(() => _neverAnswered.Task); // a server that hangs: the 2 s timeout must end the poll (shorter flakes on a loaded machine)
        _endpoint.Then(200, Json("s1", 10));
        var source = Source(timeout: TimeSpan.FromSeconds(2));
        using var subscription = source.Observe().Subscribe(s => _received.Writer.TryWrite(s));

        // Each poll must have finished before the clock moves on, or the next one is skipped as still in flight.
        await WaitForAsync(() => _logger.Lines.Any(l => l.Contains("HTTP 500", StringComparison.Ordinal)));
        await PollsFinishedAsync(source, 1);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => _rejections[RejectionReason.MalformedJson] == 1);
        await PollsFinishedAsync(source, 2);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => _logger.Lines.Any(l => l.Contains("did not answer", StringComparison.Ordinal)));
        await PollsFinishedAsync(source, 3);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(30));

        Assert.Equal("s1", (await NextAsync(1))[0].StoreId);
    }

    [Fact]
    public void InvalidOptions_NameTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new HttpPollSourceOptions { Url = _endpoint.Url, Timeout = TimeSpan.FromMinutes(5) }.Validate());
        Assert.Contains("HttpPollSourceOptions.Timeout", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _neverAnswered.TrySetResult((200, Json("late", 1)));
        _endpoint.Dispose();
        _http.Dispose();
    }

    private static string Json(string store, long users) =>
        System.Text.Encoding.UTF8.GetString(ActiveUsersSampleJson.Serialize(new ActiveUsersSample(store, "bigcommerce", users, 300, new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero))));

    private HttpPollSource Source(string? auth = null, TimeSpan? timeout = null)
    {
        var options = new HttpPollSourceOptions
        {
            Url = _endpoint.Url,
            AuthHeaderName = "X-Api-Key",
            AuthHeaderValue = auth,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        return new HttpPollSource(options, _http, new NotifyingSink(_rejections, () => _rejectionSeen?.Invoke()), _logger, _scheduler, new FakeTimeProvider(_scheduler.Now));
    }

    private async Task<List<ActiveUsersSample>> NextAsync(int count)
    {
        _scheduler.AdvanceBy(TimeSpan.FromTicks(1)); // run the poll due now
        using var cts = new CancellationTokenSource(Limit);
        var result = new List<ActiveUsersSample>();
        while (result.Count < count)
        {
            result.Add(await _received.Reader.ReadAsync(cts.Token));
        }

        return result;
    }

    private static Task PollsFinishedAsync(HttpPollSource source, int polls) =>
        Eventually.Until(() => source.PollsCompleted >= polls, Limit, () => $"only {source.PollsCompleted} of {polls} polls finished");

    /// <summary>Runs the poll due now and waits until a log line or a rejection makes the condition true.</summary>
    private async Task WaitForAsync(Func<bool> condition)
    {
        var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition())
            {
                met.TrySetResult();
            }
        }

        _logger.Logged += Check;
        _rejectionSeen += Check;
        try
        {
            _scheduler.AdvanceBy(TimeSpan.FromTicks(1));
            Check();
            await met.Task.WaitAsync(Limit);
        }
        finally
        {
            _logger.Logged -= Check;
            _rejectionSeen -= Check;
        }
    }

    private sealed class NotifyingSink(IRejectedInputSink next, Action changed) : IRejectedInputSink
    {
        public void Reject(RejectedInput rejected)
        {
            next.Reject(rejected);
            changed();
        }
    }
}
