using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.TrafficSim;

/// <summary>
/// Runs one simulated store through the same Core judgement <c>streamdrift run</c> uses (<see cref="JudgingPipeline"/>:
/// join, windows, detector, alert tracker, classifier) on a virtual clock: a snapshot of the simulated keyspace every
/// 5 s, connector samples every 30-60 s arriving 1-20 s late (a few 45 s late, out of order), a TTL sample
/// at every 5-minute reconcile and at the reconcile a gap asks for at once (a failover's switch of primaries).
/// </summary>
internal static partial class SimRun
{
    private const double Dt = 5;
    private const string Store = "sim";
    private static readonly DateTimeOffset Epoch = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ReconcileEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan LateMaterialGrace = TimeSpan.FromMinutes(30);

    public static SimRunResult Execute(SimRunSpec spec)
    {
        var random = new Random(spec.Seed);
        var profile = StoreProfile.Draw(random);
        // Not HashCode.Combine: it is seeded per process, and a run must be the same in every process.
        var faultRandom = new Random((spec.Seed * 7919) + ((int)spec.Fault * 131) + (int)spec.Phase);
        var day = Epoch.AddDays(spec.Seed % 7);
        DateTimeOffset start, end;
        DateTimeOffset? faultAt = null;
        if (spec.Fault == SimFault.None)
        {
            start = day;
            end = day.AddDays(spec.HealthyDays);
        }
        else
        {
            var (from, to) = spec.Phase.Hours();
            faultAt = day.AddDays(1).AddHours(from + ((to - from) * faultRandom.NextDouble()));
            start = faultAt.Value - SimRunSpec.Warmup;
            end = faultAt.Value + SimRunSpec.After;
        }

        var curve = new TrafficCurve(profile.PeakArrivalsPerSecond, random, start, end, withEvents: true);
        var shoppers = new Shoppers(profile, curve, random, Dt, start);
        var plan = faultAt is { } fa ? FaultPlan.Draw(spec.Fault, (int)Math.Round((fa - start).TotalSeconds / Dt), fa, profile, faultRandom) : null;
        var twin = new SimKeyspace(profile, Dt, shoppers, null);
        var faulty = plan is null ? twin : new SimKeyspace(profile, Dt, shoppers, plan);
        var detector = DetectorOptions.For(spec.Sensitivity) with { SessionTtl = profile.SessionTtl };

        var scheduler = new HistoricalScheduler(start);
        var options = new DriftPipelineOptions
        {
            WindowSize = SimRunSpec.Window,
            Grace = TimeSpan.FromSeconds(30),
            StaleAfter = StaleAfter,
            KnownStores = new HashSet<string>(StringComparer.Ordinal) { Store },
            Detector = detector,
        };
        var judging = new JudgingOptions
        {
            Pipeline = options,
            Classifier = new ClassifierOptions { SessionTimeout = profile.SessionTtl },
            Tracker = new AlertTrackerOptions(),
        };
        var judged = new List<TrackedWindow>();
        using var snapshots = new Subject<StoreSnapshot>();
        using var samples = new Subject<ActiveUsersSample>();
        using var stop = new Subject<System.Reactive.Unit>();
        using var subscription = new JudgingPipeline(judging, scheduler, new RejectionCounters())
            .Run(snapshots, samples, stop)
            .Subscribe(judged.Add);

        var pending = new PriorityQueue<ActiveUsersSample, DateTimeOffset>();
        var nextSample = start.AddSeconds(random.Next(30));
        var nextReconcile = start;
        TtlSummary? ttl = null;
        DateTimeOffset? materialAt = null;
        var botsTarget = 0.0;
        for (var step = 1; ; step++)
        {
            var t = start.AddSeconds(step * Dt);
            // A fault that becomes material late in its run still gets half an hour to be judged: otherwise a slow
            // night-time effect would count as missed by the detector when the run merely ended.
            if (t > end && (materialAt is not { } late || t > late + LateMaterialGrace))
            {
                break;
            }

            shoppers.Step(t);
            var faultOn = faultAt is { } f0 && t >= f0;
            if (faultOn && spec.Fault == SimFault.Bots)
            {
                botsTarget = botsTarget > 0 ? botsTarget : plan!.BotSurge * shoppers.ConnectorUsers;
                shoppers.ExtraBots = Math.Min(botsTarget, shoppers.ExtraBots + (botsTarget * Dt / 120));
            }

            if (!ReferenceEquals(twin, faulty))
            {
                twin.Step(shoppers);
            }

            faulty.Step(shoppers);
            // A gap (the failover's switch of primaries) asks for a reconcile at once; otherwise one every 5 minutes.
            var reconcile = t >= nextReconcile || faulty.Switched;
            if (reconcile)
            {
                nextReconcile = t + ReconcileEvery;
            }

            if (reconcile)
            {
                ttl = faulty.Ttl(t);
            }

            if (faultOn && materialAt is null && IsMaterial(spec, detector, profile, shoppers, twin, faulty, t - faultAt!.Value))
            {
                materialAt = t;
            }

            scheduler.AdvanceTo(t);
            snapshots.OnNext(new StoreSnapshot
            {
                StoreId = Store,
                At = t,
                SessionKeys = (long)Math.Round(faulty.Counter),
                Events = faulty.Events,
                Health = faulty.Health(t, shoppers.Present),
                Ttl = ttl,
                SubscriptionGaps = faulty.SubscriptionGaps,
                CountUncertain = faulty.Switched,
            });
            if (t >= nextSample)
            {
                if (!(faultOn && spec.Fault == SimFault.ConnectorStale))
                {
                    var delay = random.NextDouble() < 0.03 ? 45 : 1 + (19 * random.NextDouble());
                    pending.Enqueue(Sample(shoppers, profile, t, random), t.AddSeconds(delay));
                }

                nextSample = t + profile.ConnectorEvery;
            }

            while (pending.TryPeek(out var sample, out var due) && due <= t)
            {
                pending.Dequeue();
                samples.OnNext(sample);
            }
        }

        stop.OnNext(System.Reactive.Unit.Default);
        if (Environment.GetEnvironmentVariable("TRAFFIC_TRACE") is { Length: > 0 } trace && trace == spec.ToString())
        {
            Console.Error.WriteLine(profile.ToString());
            foreach (var j in judged)
            {
                var v = j.Verdict;
                Console.Error.WriteLine(System.FormattableString.Invariant($"{v.Window.End:MM-dd HH:mm} K={v.Window.SessionKeys:0} U={v.Window.ActiveUsers:0} L={v.Lingering:0} E={v.ExpectedKeys:0} z={v.RobustZ:0.0} {v.State} new={v.Window.Events.New} exp={v.Window.Events.Expired} w={v.Window.Events.Writes} db={v.Window.Health?.DbKeys} ttl={v.Window.Ttl?.SampledAt:HH:mm}/{v.Window.Ttl?.P50Seconds:0}/{v.Window.Ttl?.P90Seconds:0}/{v.Window.Ttl?.WithoutTtl} {j.Diagnosis.Cause}"));
            }
        }

        return Evaluate(spec, profile, judged, faultAt, materialAt, start, end);
    }

    private static ActiveUsersSample Sample(Shoppers shoppers, StoreProfile profile, DateTimeOffset at, Random random)
    {
        var users = shoppers.ConnectorUsers * (1 + ((random.NextDouble() - 0.5) * 0.01));
        var orders = shoppers.Present * 0.02;
        return new ActiveUsersSample(Store, "sim", (long)Math.Round(users), profile.ActiveWindowSeconds, at, (long)Math.Round(orders));
    }

    // The effect is material once the keys the fault moved (against the healthy twin fed the same shoppers),
    // or the users bots added, pass the sensitivity's floors in keys and in share of users.
    private static bool IsMaterial(SimRunSpec spec, DetectorOptions detector, StoreProfile profile, Shoppers shoppers, SimKeyspace twin, SimKeyspace faulty, TimeSpan since)
    {
        if (spec.Fault == SimFault.ConnectorStale)
        {
            return since >= StaleAfter;
        }

        var effect = Math.Abs(faulty.TrueKeys - twin.TrueKeys) + (profile.KeysPerShopper * shoppers.ExtraBots);
        return effect >= detector.MinAbsoluteKeys && effect >= detector.MinRatioChange * shoppers.ConnectorUsers;
    }
}
