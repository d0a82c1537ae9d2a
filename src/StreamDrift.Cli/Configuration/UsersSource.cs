namespace StreamDrift.Cli.Configuration;

/// <summary>
/// A parsed <c>--users</c> value: <c>kafka:TOPIC</c>, <c>http:URL</c>, <c>file:PATH</c> or <c>sim</c>.
/// <see cref="Target"/> is the topic, URL or path (empty for the simulator).
/// </summary>
internal sealed record UsersSource(UsersSourceKind Kind, string Target)
{
    public const string Expected = "kafka:TOPIC, http:URL, file:PATH or sim";

    public static bool TryParse(string? text, out UsersSource source)
    {
        source = new UsersSource(UsersSourceKind.Simulator, "");
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (text == "sim")
        {
            return true;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }
        var target = text[(colon + 1)..];
        switch (text[..colon])
        {
            case "kafka":
                source = new UsersSource(UsersSourceKind.Kafka, target);
                return true;
            case "file":
                source = new UsersSource(UsersSourceKind.File, target);
                return true;
            // http:URL keeps the whole URL, scheme included: "http:https://..." would read badly.
            case "http" when Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps):
                source = new UsersSource(UsersSourceKind.Http, target);
                return true;
            default:
                return false;
        }
    }

    public override string ToString() => Kind switch
    {
        UsersSourceKind.Simulator => "sim",
        UsersSourceKind.Kafka => $"kafka:{Target}",
        UsersSourceKind.Http => $"http:{Target}",
        UsersSourceKind.Recording => $"recording:{Target}",
        _ => $"file:{Target}",
    };
}
