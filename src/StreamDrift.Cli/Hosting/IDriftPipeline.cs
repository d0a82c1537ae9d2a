using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// THE SEAM of <c>streamdrift run</c>: the stream processing the host starts, retries and stops. The host
/// owns everything around it (configuration, logging, metrics and health endpoint, back-off, signals,
/// sinks' lifetime); an implementation owns Redis watching, the connectors, join, windows, detector,
/// classifier and the Kafka producer, and reports through <see cref="RunContext"/>.
/// </summary>
internal interface IDriftPipeline : IAsyncDisposable
{
    /// <summary>
    /// One attempt to start one store: connect to its Redis (and Kafka/connector when not yet started), then
    /// return while the store runs in the background. Throw when a dependency is unreachable: the host logs
    /// it, marks the store down in <c>/healthz</c> and calls again after a back-off, for as long as it runs.
    /// </summary>
    Task StartStoreAsync(StoreOptions store, CancellationToken cancellationToken);

    /// <summary>
    /// Shutdown (SIGTERM, Ctrl+C): close the open windows (emit them), flush Kafka and write the last lines
    /// to <see cref="RunContext.Sink"/> and <see cref="RunContext.Recorder"/>. Called once; the host then
    /// flushes and closes those two itself.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);
}
