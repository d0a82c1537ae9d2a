using System.Globalization;
using BenchmarkDotNet.Running;
using StreamDrift.Benchmarks;

// `footprint [stores] [hours] [snapshot-every-s] [sample-every-s]`: resident memory after a simulated day
// (tools/bench-footprint.sh). Otherwise a short BenchmarkDotNet job (3 warm-ups, 10 measured iterations, each
// a simulated minute of 10,000 stores) pinned to one core, with allocations measured.
if (args.Length > 0 && args[0] == "footprint")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    return DayFootprint.Run(Arg(1, 10_000), TimeSpan.FromHours(Arg(2, 24)), Arg(3, 5), Arg(4, 30));
}

BenchmarkSwitcher.FromAssembly(typeof(JoinWindowDetectorBenchmark).Assembly).Run(args, new ShortSingleCoreConfig());
return 0;
