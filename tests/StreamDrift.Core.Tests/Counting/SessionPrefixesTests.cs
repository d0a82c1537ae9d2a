using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Tests.Counting;

public class SessionPrefixesTests
{
    [Fact]
    public void Normalize_DropsDuplicatesAndPrefixesCoveredByAShorterOne()
    {
        var kept = SessionPrefixes.Normalize(["sess:eu:", "PHPREDIS_SESSION:", "sess:", "sess:", "Sess:"]);

        Assert.Equal(["Sess:", "sess:", "PHPREDIS_SESSION:"], kept);
    }

    [Fact]
    public void Normalize_RejectsAnEmptyPrefix() =>
        Assert.Throws<ArgumentException>(() => SessionPrefixes.Normalize(["sess:", ""]));
}
