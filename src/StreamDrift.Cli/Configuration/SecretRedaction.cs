using System.Text.RegularExpressions;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Hides passwords that operators write inside other values before a value is echoed in an error line:
/// StackExchange.Redis configuration strings (<c>host:6379,password=...</c>) and URLs with user information
/// (<c>redis://user:secret@host</c>). A typo next to a password must not put the password in a log.
/// </summary>
internal static partial class SecretRedaction
{
    public const string Mask = "***";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = PasswordOption().Replace(text, m => m.Groups["key"].Value + "=" + Mask);
        return UserInfo().Replace(text, m => m.Groups["scheme"].Value + m.Groups["user"].Value + ":" + Mask + "@");
    }

    [GeneratedRegex(@"(?<key>\b(?:password|pwd|pass|sentinelPassword)\s*)=[^,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordOption();

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*://)(?<user>[^:/@\s]*):[^@/\s]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
