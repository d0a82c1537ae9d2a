using StreamDrift.Core.Options;

namespace StreamDrift.Core.Tests.Options;

public class OptionGuardTests
{
    [Fact]
    public void Require_NamesTheOwnerAndTheSetting_WhenTheRuleFails()
    {
        OptionGuard.Require(true, "SomeOptions", "Size", "must be positive");

        var ex = Assert.Throws<ArgumentException>(() => OptionGuard.Require(false, "SomeOptions", "Size", "must be positive"));

        Assert.Equal("Size", ex.ParamName);
        Assert.StartsWith("SomeOptions.Size must be positive.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InRange_SaysTheLimitsAndTheValue()
    {
        OptionGuard.InRange(10, 10, 20, "SomeOptions", "Pages");
        OptionGuard.InRange(20, 10, 20, "SomeOptions", "Pages");

        var ex = Assert.Throws<ArgumentException>(() => OptionGuard.InRange(21, 10, 20, "SomeOptions", "Pages"));

        Assert.Equal("Pages", ex.ParamName);
        Assert.StartsWith("SomeOptions.Pages must be between 10 and 20 (was 21).", ex.Message, StringComparison.Ordinal);
    }
}
