using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// Builds the Generic Host of <c>run</c>: console logging (text or JSON), the system clock, the
/// metrics/health endpoint, and the pipeline service. No host defaults: configuration is already read
/// and validated (<see cref="RunOptionsLoader"/>), and appsettings.json or DOTNET_ variables must not
/// change a run behind the operator's back. The console lifetime turns SIGTERM and Ctrl+C into a graceful stop.
/// </summary>
internal static class RunHost
{
    /// <summary>How long shutdown may take (closing windows, flushing Kafka) before the host gives up.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    public static IHost Build(StreamDriftOptions options, Func<RunContext, IDriftPipeline> createPipeline)
    {
        ArgumentNullException.ThrowIfNull(createPipeline);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => RunContext.Create(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => createPipeline(sp.GetRequiredService<RunContext>()));
        // Registration order is start order; stop runs in reverse, so the endpoint outlives the pipeline's flush.
        builder.Services.AddHostedService<MetricsEndpointService>();
        builder.Services.AddHostedService<PipelineService>();
        return builder.Build();
    }
}
