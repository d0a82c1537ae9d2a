using System.Text;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Core.Tests.Layouts;

public class KeyGlobTests
{
    [Theory]
    [InlineData("PHPREDIS_SESSION:*_LOCK", "PHPREDIS_SESSION:abc_LOCK", true)]
    [InlineData("PHPREDIS_SESSION:*_LOCK", "PHPREDIS_SESSION:abc", false)]
    [InlineData("PHPREDIS_SESSION:*_LOCK", "PHPREDIS_SESSION:a_LOCK_LOCK", true)]
    [InlineData("PHPREDIS_SESSION:*_LOCK", "PHPREDIS_SESSION:a_LOCKx", false)]
    [InlineData("spring:session:sessions:expirations", "spring:session:sessions:expirations", true)]
    [InlineData("spring:session:sessions:expirations", "spring:session:sessions:expirations2", false)]
    [InlineData("a?c*", "abcdef", true)]
    [InlineData("a?c*", "ac", false)]
    [InlineData("*:*:x", "1:2:3:x", true)]
    [InlineData("*", "", true)]
    public void Matches_TheWholeKey(string glob, string key, bool expected) =>
        Assert.Equal(expected, KeyGlob.Parse(glob).Matches(Encoding.UTF8.GetBytes(key)));

    [Theory]
    [InlineData("")]
    [InlineData("sess:[ab]")]
    [InlineData("sess:\\*")]
    public void Parse_RejectsEmptyAndUnsupportedGlobs(string glob) =>
        Assert.Throws<ArgumentException>(() => KeyGlob.Parse(glob));

    [Fact]
    public void ToLuaPattern_EscapesLuaMagicAndAnchors() =>
        Assert.Equal("^spring:session:sessions:expires:.*$", KeyGlob.Parse("spring:session:sessions:expires:*").ToLuaPattern());

    [Fact]
    public void ToLuaPattern_EscapesPercentDotAndDash() =>
        Assert.Equal("^a%.b%-c%%.$", KeyGlob.Parse("a.b-c%?").ToLuaPattern());

    [Fact]
    public void Matches_DoesNotAllocate()
    {
        var glob = KeyGlob.Parse("PHPREDIS_SESSION:*_LOCK");
        var key = Encoding.UTF8.GetBytes("PHPREDIS_SESSION:0123456789abcdef0123456789_LOCK");
        glob.Matches(key);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            glob.Matches(key);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
