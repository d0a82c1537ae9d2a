using BenchmarkDotNet.Attributes;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;

namespace StreamDrift.Benchmarks;

/// <summary>
/// Join + windows + detector (and, with <see cref="Classify"/>, the alert tracker and its cause classifier)
/// for 10,000 stores at one sample per store per second. One invocation is one simulated minute: 600,000
/// snapshots, 600,000 samples and the close of 10,000 windows (one detector verdict each), so the reported
/// time and allocation divide by 600,000 to give the cost per sample.
/// </summary>
[MemoryDiagnoser]
public class JoinWindowDetectorBenchmark
{
    public const int Stores = 10_000;
    public const int SamplesPerMinute = Stores * 60;

    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly List<DetectorVerdict> _verdicts = new(Stores);
    private string[] _stores = [];
    private DriftEngine _engine = null!;
    private SimulatedMinute _next = null!;
    private DateTimeOffset _minute;
    private AlertTracker _tracker = null!;

    /// <summary>Whether every verdict also goes through the alert tracker and the cause classifier.</summary>
    [Params(false, true)]
    public bool Classify { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stores = Enumerable.Range(0, Stores).Select(i => $"store-{i:D5}").ToArray();
        _engine = new DriftEngine(new DriftPipelineOptions(), new RejectionCounters(), Start);
        _minute = Start;
        _tracker = new AlertTracker(new CauseClassifier(new ClassifierOptions()), new AlertTrackerOptions());
        // Fifteen minutes of history first, so every store has a learned baseline and is being judged.
        for (var m = 0; m < 15; m++)
        {
            Run(new SimulatedMinute(_stores, _minute));
        }
    }

    [IterationSetup]
    public void NextMinute() => _next = new SimulatedMinute(_stores, _minute);

    [Benchmark(OperationsPerInvoke = SamplesPerMinute)]
    public int OneMinuteOfTenThousandStores() => Run(_next);

    private int Run(SimulatedMinute minute)
    {
        var accepted = 0;
        for (var s = 0; s < 60; s++)
        {
            var now = minute.Start.AddSeconds(s + 1);
            var snapshots = minute.Snapshots[s];
            var samples = minute.Samples[s];
            for (var i = 0; i < snapshots.Length; i++)
            {
                _engine.OnSnapshot(snapshots[i]);
                if (_engine.OnSample(samples[i], now))
                {
                    accepted++;
                }
            }

            _verdicts.Clear();
            _engine.CloseUpTo(now - TimeSpan.FromSeconds(30), _verdicts);
            if (Classify)
            {
                foreach (var verdict in _verdicts)
                {
                    _tracker.Track(verdict);
                }
            }
        }

        _minute = _minute.AddMinutes(1);
        if (accepted != SamplesPerMinute)
        {
            throw new InvalidOperationException($"only {accepted} of {SamplesPerMinute} samples joined");
        }

        return accepted;
    }
}
