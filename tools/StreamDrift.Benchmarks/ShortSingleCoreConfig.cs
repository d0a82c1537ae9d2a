using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace StreamDrift.Benchmarks;

/// <summary>
/// One launch, three warm-ups, ten measured iterations, on CPU 0 only (the issue asks for one core), in this
/// process: the default toolchain builds a boilerplate project first, which on the shared machine outlasted its
/// two-minute build timeout. Run under <c>taskset -c 0</c> so the process itself is on one core.
/// </summary>
public sealed class ShortSingleCoreConfig : ManualConfig
{
    public ShortSingleCoreConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithAffinity(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("short-1core"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
        // The machine is shared: the minimum and median say more than the mean about the code itself.
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Min, BenchmarkDotNet.Columns.StatisticColumn.Median);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}
