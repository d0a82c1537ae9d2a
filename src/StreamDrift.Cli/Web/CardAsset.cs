namespace StreamDrift.Cli.Web;

/// <summary>One file of the card, embedded in the executable.</summary>
internal sealed record CardAsset(string ContentType, byte[] Bytes);
