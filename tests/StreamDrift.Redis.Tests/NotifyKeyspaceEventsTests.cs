namespace StreamDrift.Redis.Tests;

public class NotifyKeyspaceEventsTests
{
    [Theory]
    [InlineData("", "Kngxe$h")]
    [InlineData("Ex", "Knge$h")]
    [InlineData("AKE", "n")]          // A covers g $ x e h but not n
    [InlineData("g$hxenK", "")]       // how Redis 7.0 prints "Kngxe$h"
    [InlineData("KEA", "n")]
    public void Missing_NamesTheRequiredFlagsNotYetSet(string current, string missing) =>
        Assert.Equal(missing, NotifyKeyspaceEvents.Missing(current));

    [Fact]
    public void Merge_AppendsOnlyWhatIsMissing_KeepingOthersFlags()
    {
        Assert.Equal("Elzm" + "Kngxe$h", NotifyKeyspaceEvents.Merge("Elzm"));
        Assert.Equal("AKEn", NotifyKeyspaceEvents.Merge("AKE"));
        Assert.Null(NotifyKeyspaceEvents.Merge("AKEn$h"));
    }

    [Fact]
    public void MissingAfterSet_CannotSeeNewBehindTheAllAlias() =>
        Assert.Equal("", NotifyKeyspaceEvents.MissingAfterSet("AKE"));
}
