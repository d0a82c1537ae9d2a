using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Tests.Counting;

public class KeyEventKindTests
{
    [Theory]
    [InlineData(KeyEventKind.New, 1)]
    [InlineData(KeyEventKind.RenameTo, 0)]   // Redis 7.0 publishes "new" for the destination too
    [InlineData(KeyEventKind.MoveTo, 0)]
    [InlineData(KeyEventKind.Del, -1)]
    [InlineData(KeyEventKind.Expired, -1)]
    [InlineData(KeyEventKind.Evicted, -1)]
    [InlineData(KeyEventKind.RenameFrom, -1)]
    [InlineData(KeyEventKind.MoveFrom, -1)]
    [InlineData(KeyEventKind.Set, 0)]
    [InlineData(KeyEventKind.HSet, 0)]
    [InlineData(KeyEventKind.Expire, 0)]
    [InlineData(KeyEventKind.Persist, 0)]
    public void CountDelta_FollowsTheCountingRules(KeyEventKind kind, int expected) =>
        Assert.Equal(expected, kind.CountDelta());
}
