using System.Text;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Core.Tests.Layouts;

public class SessionKeyRulesTests
{
    [Fact]
    public void IsSession_ExcludesKeysMatchingAnExclusion()
    {
        var rules = SessionKeyRules.Create(["PHPREDIS_SESSION:"], ["PHPREDIS_SESSION:*_LOCK"], 0);

        Assert.True(rules.IsSession("PHPREDIS_SESSION:k582n1rnot1269tmn6v8pst5e2"));
        Assert.False(rules.IsSession("PHPREDIS_SESSION:k582n1rnot1269tmn6v8pst5e2_LOCK"));
        Assert.False(rules.IsSession("other:k582"));
    }

    [Fact]
    public void IsSession_WithAnIdLength_CountsOnlyIdsOfThatShape()
    {
        var rules = SessionKeyRules.Create(["laravel_database_laravel_cache_:"], [], 40);

        Assert.True(rules.IsSession("laravel_database_laravel_cache_:" + new string('a', 39) + "Z"));
        Assert.False(rules.IsSession("laravel_database_laravel_cache_:" + new string('a', 39)));
        Assert.False(rules.IsSession("laravel_database_laravel_cache_:products:page:" + new string('1', 26)));
        Assert.False(rules.IsSession("laravel_database_laravel_cache_:" + new string('a', 39) + "-"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("sess:*")]
    [InlineData("s*")]
    [InlineData("sess*?")]
    public void Create_RejectsAnExclusionThatExcludesEverything(string glob)
    {
        var e = Assert.Throws<ArgumentException>(() => SessionKeyRules.Create(["sess:"], [glob], 0));
        Assert.Contains("excludes every key under the prefix 'sess:'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sess:*_LOCK")]
    [InlineData("sess:?*")]
    [InlineData("sess:meta")]
    public void Create_AcceptsExclusionsThatLeaveSomeKeys(string glob) =>
        Assert.NotNull(SessionKeyRules.Create(["sess:"], [glob], 0));

    [Fact]
    public void InspectsKeys_IsFalseForPrefixesOnly()
    {
        Assert.False(SessionKeyRules.PrefixesOnly(["sess:"]).InspectsKeys);
        Assert.True(SessionKeyRules.Create(["sess:"], ["sess:x"], 0).InspectsKeys);
    }

    [Fact]
    public void IsSession_DoesNotAllocate()
    {
        var rules = SessionLayouts.Spring.Rules();
        var key = Encoding.UTF8.GetBytes("spring:session:sessions:expires:5e8f0c8a-7a5b-4d7e-9d7a-3c1e2f4a6b8c");
        rules.IsSession(key);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            rules.IsSession(key);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
