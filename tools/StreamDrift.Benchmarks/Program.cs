using BenchmarkDotNet.Running;
using StreamDrift.Benchmarks;

// A short job (3 warm-ups, 10 measured iterations, each a simulated minute of 10,000 stores) pinned to one
// core, with allocations measured: enough to report cost and allocation per sample in a few minutes.
BenchmarkSwitcher.FromAssembly(typeof(JoinWindowDetectorBenchmark).Assembly).Run(args, new ShortSingleCoreConfig());
