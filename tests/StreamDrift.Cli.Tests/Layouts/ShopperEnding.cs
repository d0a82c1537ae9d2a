namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>How a shopper's visit ends.</summary>
internal enum ShopperEnding
{
    /// <summary>Logs out: the framework destroys the session (DEL).</summary>
    LogsOut,

    /// <summary>Closes the tab: the session lingers until its TTL.</summary>
    Leaves,

    /// <summary>Still shopping when the test looks.</summary>
    Stays,
}
