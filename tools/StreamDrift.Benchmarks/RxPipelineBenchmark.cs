using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Benchmarks;

/// <summary>
/// The same load as <see cref="JoinWindowDetectorBenchmark"/> through the composed <see cref="DriftPipeline"/>
/// (subjects in, the gate, the clock-driven close on a virtual scheduler): what the Rx wiring adds per sample.
/// </summary>
[MemoryDiagnoser]
public class RxPipelineBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly Subject<StoreSnapshot> _snapshots = new();
    private readonly Subject<ActiveUsersSample> _samples = new();
    private HistoricalScheduler _scheduler = null!;
    private IDisposable _run = null!;
    private string[] _stores = [];
    private SimulatedMinute _next = null!;
    private DateTimeOffset _minute;
    private long _verdicts;

    [GlobalSetup]
    public void Setup()
    {
        _stores = Enumerable.Range(0, JoinWindowDetectorBenchmark.Stores).Select(i => $"store-{i:D5}").ToArray();
        _scheduler = new HistoricalScheduler(Start);
        _run = new DriftPipeline(new DriftPipelineOptions(), _scheduler, new RejectionCounters())
            .Run(_snapshots, _samples)
            .Subscribe(_ => _verdicts++);
        _minute = Start;
        for (var m = 0; m < 15; m++)
        {
            Run(new SimulatedMinute(_stores, _minute));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _run.Dispose();

    [IterationSetup]
    public void NextMinute() => _next = new SimulatedMinute(_stores, _minute);

    [Benchmark(OperationsPerInvoke = JoinWindowDetectorBenchmark.SamplesPerMinute)]
    public long OneMinuteOfTenThousandStoresThroughRx() => Run(_next);

    private long Run(SimulatedMinute minute)
    {
        for (var s = 0; s < 60; s++)
        {
            _scheduler.AdvanceTo(minute.Start.AddSeconds(s + 1));
            var snapshots = minute.Snapshots[s];
            var samples = minute.Samples[s];
            for (var i = 0; i < snapshots.Length; i++)
            {
                _snapshots.OnNext(snapshots[i]);
                _samples.OnNext(samples[i]);
            }
        }

        _minute = _minute.AddMinutes(1);
        return _verdicts;
    }
}
