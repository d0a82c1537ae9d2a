using System.Globalization;

namespace StreamDrift.Core.Options;

/// <summary>
/// The one way an options type reports an invalid setting: an <see cref="ArgumentException"/> whose message
/// names the type and the setting (<c>Owner.Setting rule.</c>) and whose parameter name is the setting, so an
/// operator reading the one-line error knows what to change. Each options type calls it from its
/// <c>Validate()</c>, and the component that takes the options validates them once, when it is created.
/// </summary>
public static class OptionGuard
{
    /// <summary>Throws naming <paramref name="owner"/>.<paramref name="setting"/> unless <paramref name="ok"/>; <paramref name="rule"/> says what the setting must satisfy, e.g. "must be positive".</summary>
    public static void Require(bool ok, string owner, string setting, string rule)
    {
        if (!ok)
        {
            throw Invalid(owner, setting, rule);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>], saying what it was.</summary>
    public static void InRange<T>(T value, T min, T max, string owner, string setting)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            throw Invalid(owner, setting, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max} (was {value})"));
        }
    }

    private static ArgumentException Invalid(string owner, string setting, string rule) =>
        new($"{owner}.{setting} {rule}.", setting);
}
