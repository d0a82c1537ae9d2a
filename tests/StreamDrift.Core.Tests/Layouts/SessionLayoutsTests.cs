using StreamDrift.Core.Layouts;

namespace StreamDrift.Core.Tests.Layouts;

public class SessionLayoutsTests
{
    [Theory]
    [InlineData("express", "sess:dAcesnSUnMgQ8-Kc5564B192ttOwwiBN", true)]
    [InlineData("php", "PHPREDIS_SESSION:k582n1rnot1269tmn6v8pst5e2", true)]
    [InlineData("php", "PHPREDIS_SESSION:k582n1rnot1269tmn6v8pst5e2_LOCK", false)]
    [InlineData("magento", "sess_0f1e2d3c4b5a69788796a5b4c3", true)]
    [InlineData("spring", "spring:session:sessions:5e8f0c8a-7a5b-4d7e-9d7a-3c1e2f4a6b8c", true)]
    [InlineData("spring", "spring:session:sessions:expires:5e8f0c8a-7a5b-4d7e-9d7a-3c1e2f4a6b8c", false)]
    [InlineData("spring", "spring:session:sessions:expirations", false)]
    [InlineData("django", ":1:django.contrib.sessions.cachez0y9x8w7v6u5t4s3r2q1p0o9n8m7l6k5", true)]
    [InlineData("django", ":1:django.contrib.sessions.cachetoo-short", false)]
    [InlineData("rails", "rack:session:2::0b6a3c0c1f1d0e7f", true)]
    [InlineData("laravel", "laravel_database_laravel_cache_:Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0n", true)]
    [InlineData("laravel", "laravel_database_laravel_cache_:illuminate:cache:flexible:created:products", false)]
    public void Preset_TellsSessionsFromTheOtherKeysUnderItsPrefix(string layout, string key, bool isSession) =>
        Assert.Equal(isSession, SessionLayouts.Find(layout)!.Rules().IsSession(key));

    [Fact]
    public void Find_IsCaseInsensitiveAndNullForAnUnknownName()
    {
        Assert.Same(SessionLayouts.Php, SessionLayouts.Find("PHP"));
        Assert.Null(SessionLayouts.Find("wordpress"));
    }

    [Fact]
    public void Rules_AddTheStoresOwnExclusionsAndPrefixes()
    {
        var rules = SessionLayouts.Express.Rules(["shop:sess:"], ["shop:sess:warmup-*"]);

        Assert.Equal(["shop:sess:"], rules.Prefixes);
        Assert.False(rules.IsSession("shop:sess:warmup-1"));
        Assert.True(rules.IsSession("shop:sess:abc"));
    }
}
