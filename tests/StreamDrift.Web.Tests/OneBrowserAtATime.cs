namespace StreamDrift.Web.Tests;

/// <summary>
/// The browser tests run one class at a time: each starts chromium and a streamdrift process, and on a shared
/// two-core machine running both at once slowed the demo's judgement enough to change what it showed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneBrowserAtATime
{
    public const string Name = "browser";
}
