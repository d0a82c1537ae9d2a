using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Output;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Output;

public class WindowFanOutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static TrackedWindow Window(int index)
    {
        var end = DateTimeOffset.UnixEpoch.AddMinutes(index + 1);
        var window = new DriftWindow { StoreId = "eu", Start = end.AddMinutes(-1), End = end };
        return new TrackedWindow(new DetectorVerdict { Window = window, State = DriftState.Normal, PreviousState = DriftState.Normal }, Diagnosis.None, null);
    }

    [Fact]
    public async Task Post_ReturnsWhileAnOutputIsStuck_TheOthersKeepWriting_AndTheStuckOneGetsEveryWindowLater()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = new RecordingOutput("kafka") { Hold = release.Task };
        var healthy = new RecordingOutput("jsonl") { ReachAt = 100 };
        await using var fanOut = new WindowFanOut([stuck, healthy]);
        var windows = Enumerable.Range(0, 100).Select(Window).ToList();

        try
        {
            // Bounded: a Post that blocked behind the stuck output fails here instead of hanging the test.
            await Task.Run(() => windows.ForEach(fanOut.Post)).WaitAsync(Deadline);
            await healthy.Reached.Task.WaitAsync(Deadline);

            Assert.Empty(stuck.Written);
            Assert.True(fanOut.Pending >= 99, $"pending {fanOut.Pending}");
        }
        finally
        {
            // Released even when an assertion failed, so disposing the fan-out cannot hang the test.
            release.TrySetResult();
        }
        await fanOut.CompleteAsync().WaitAsync(Deadline);
        Assert.Equal(windows, stuck.Written);
        Assert.Equal(windows, healthy.Written);
        Assert.Equal(0, fanOut.Pending);
    }

    [Fact]
    public async Task AFailingWrite_IsCountedAndReported_AndSkipsOnlyThatWindowOfThatOutput()
    {
        var failing = new RecordingOutput("kafka") { FailOn = w => w.Verdict.Window.End == Window(1).Verdict.Window.End };
        var healthy = new RecordingOutput("jsonl");
        var reported = new List<(string Output, TrackedWindow? Window, string Message)>();
        await using var fanOut = new WindowFanOut([failing, healthy], (o, w, e) => { lock (reported) { reported.Add((o.Name, w, e.Message)); } });
        var windows = Enumerable.Range(0, 3).Select(Window).ToList();

        windows.ForEach(fanOut.Post);
        await fanOut.CompleteAsync().WaitAsync(Deadline);

        Assert.Equal(windows, healthy.Written);
        Assert.Equal(windows, failing.Written);
        Assert.Equal(1, fanOut.Failures);
        var failure = Assert.Single(reported);
        Assert.Equal("kafka", failure.Output);
        Assert.Equal(windows[1], failure.Window);
        Assert.Equal("kafka refused the window", failure.Message);
    }

    [Fact]
    public async Task CompleteAsync_FlushesEachOutputAfterItsLastWrite_AndReportsAFailedFlushWithoutAWindow()
    {
        var failing = new RecordingOutput("kafka") { FailFlush = true };
        var healthy = new RecordingOutput("jsonl");
        var reported = new List<(string Output, TrackedWindow? Window)>();
        await using var fanOut = new WindowFanOut([failing, healthy], (o, w, _) => { lock (reported) { reported.Add((o.Name, w)); } });

        Enumerable.Range(0, 5).Select(Window).ToList().ForEach(fanOut.Post);
        await fanOut.CompleteAsync().WaitAsync(Deadline);

        Assert.Equal(5, healthy.WrittenAtFlush);
        Assert.Equal(5, failing.WrittenAtFlush);
        Assert.Equal([("kafka", (TrackedWindow?)null)], reported);
        Assert.Equal(1, fanOut.Failures);
    }
}
