using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Tests.Counting;

public class SessionKeyCounterTests
{
    [Fact]
    public void Apply_MovesTheCountByEachKindsDelta_AndTalliesEveryKind()
    {
        var counter = new SessionKeyCounter();
        counter.Apply(KeyEventKind.New);
        counter.Apply(KeyEventKind.New);
        counter.Apply(KeyEventKind.Set);
        counter.Apply(KeyEventKind.RenameTo);
        counter.Apply(KeyEventKind.Expired);
        counter.Apply(KeyEventKind.Persist);
        counter.Apply(KeyEventKind.MoveFrom);

        Assert.Equal(0, counter.Value);
        Assert.Equal(4, counter.CountChangingEvents);
        var events = counter.Events;
        Assert.Equal(2, events.New);
        Assert.Equal(1, events.Set);
        Assert.Equal(1, events.Expired);
        Assert.Equal(1, events.Persist);
        Assert.Equal(1, events.RenamedIn);
        Assert.Equal(1, events.RenamedOut);
        Assert.Equal(3, events.Writes);
    }

    [Fact]
    public void Arrivals_CountOnlyTheEventsThatRaisedTheCount_NotCorrections()
    {
        var counter = new SessionKeyCounter();
        counter.Apply(KeyEventKind.New);
        counter.Apply(KeyEventKind.New);
        counter.Apply(KeyEventKind.RenameTo);
        counter.Apply(KeyEventKind.Set);
        counter.Apply(KeyEventKind.Del);
        counter.Correct(5);
        counter.Seed(10);

        Assert.Equal(2, counter.Arrivals);
        Assert.Equal(16, counter.Value);
    }

    [Fact]
    public async Task Apply_FromManyThreadsAtOnce_LosesNoEvent()
    {
        var counter = new SessionKeyCounter();
        const int perThread = 200_000;
        var threads = new Task[4];
        for (var t = 0; t < threads.Length; t++)
        {
            var kind = t % 2 == 0 ? KeyEventKind.New : KeyEventKind.Del;
            threads[t] = Task.Run(() =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    counter.Apply(kind);
                    counter.Apply(KeyEventKind.New);
                }
            });
        }
        await Task.WhenAll(threads);

        Assert.Equal(4L * perThread, counter.Value);
        Assert.Equal(6L * perThread, counter.EventsOf(KeyEventKind.New));
        Assert.Equal(2L * perThread, counter.EventsOf(KeyEventKind.Del));
        Assert.Equal(8L * perThread, counter.CountChangingEvents);
    }

    [Fact]
    public void Correct_MovesTheCountAndRecordsNonZeroCorrectionsOnly_WhileASeedIsNoCorrection()
    {
        var counter = new SessionKeyCounter();
        counter.Seed(100);
        counter.Correct(0);
        counter.Correct(10);
        counter.Correct(-3);

        Assert.Equal(107, counter.Value);
        Assert.Equal(2, counter.Corrections);
        Assert.Equal(13, counter.CorrectedKeys);
        Assert.Equal(0, counter.CountChangingEvents);
    }
}
