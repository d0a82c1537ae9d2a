using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamDrift.Kafka.Group;
using StreamDrift.TestSupport;

namespace StreamDrift.Kafka.Tests;

public sealed class StoreGroupConsumerTests
{
    [Theory]
    [InlineData("eu", 6)]
    [InlineData("store-00017", 24)]
    [InlineData("démo-shop", 12)]
    [InlineData("a-much-longer-store-identifier.with.dots_", 7)]
    [InlineData("abc", 1)]
    public void StorePartition_IsTheJavaClientsPartitionOfTheStoreKey(string store, int partitions) =>
        Assert.Equal(JavaPartitioner.Partition(store, partitions), StorePartitioner.PartitionOf(store, partitions));

    [Fact]
    public async Task SecondMember_TakesHalfThePartitions_TheFirstHandsOverOnlyThose_AndTheGenerationGrows()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("users", 6);
        var first = new Owner();
        var second = new Owner();
        await using var a = Member(kafka, first);
        a.Start();
        await Until(() => a.Owned.Count == 6, "the first member owns all 6 partitions");
        var generation = a.Generation;

        await using (var b = Member(kafka, second))
        {
            b.Start();
            await Until(() => a.Owned.Count == 3 && b.Owned.Count == 3, "3 partitions each");
            Assert.Equal(3, first.Revoked.Count);
            Assert.Equal(b.Owned, second.Assigned.Order());
            Assert.True(b.Generation > generation, $"generation {b.Generation} after {generation}");
            Assert.Equal(6, second.PartitionCount);
        }

        // The second member left in order: its partitions were revoked (handed over), never lost.
        Assert.Equal(3, second.Revoked.Count);
        Assert.Empty(second.Lost);
        await Until(() => a.Owned.Count == 6, "the first member owns all 6 again");
    }

    [Fact]
    public async Task Records_OfOwnedPartitions_ReachTheOwner()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("users-records", 3);
        var owner = new Owner();
        await using var member = Member(kafka, owner, "users-records");
        member.Start();
        await Until(() => member.Owned.Count == 3, "assigned");

        // A new group starts at the latest offset, which the consumer resolves only after the assignment callback:
        // a record produced in between is (rightly) not this member's. So produce until one arrives.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, Partitioner = Confluent.Kafka.Partitioner.Murmur2Random }).Build())
        {
            await Eventually.Until(async () =>
            {
                await producer.ProduceAsync("users-records", new Message<string, byte[]> { Key = "eu", Value = [1, 2, 3] });
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                return !owner.Records.IsEmpty;
            }, Eventually.DefaultDeadline, "timed out waiting until a record arrived");
        }

        Assert.NotEmpty(owner.Records);
        Assert.All(owner.Records, r => Assert.Equal(("eu", StorePartitioner.PartitionOf("eu", 3)), (r.Key, r.Partition)));
    }

    [Fact]
    public async Task JoinState_IsSteadyBetweenRebalances_AndTellsWhenOneGoesOn()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("users-join", 4);
        var states = new ConcurrentQueue<string>();
        await using var a = Member(kafka, new Owner(), "users-join", states.Enqueue);
        a.Start();
        await Until(() => a.Owned.Count == 4 && states.LastOrDefault() == "steady", "the first member is steady with all 4 partitions");

        // librdkafka's statistics come once a second, and the mock coordinator holds a rebalance's join phase
        // for the session (3 s) less 1 s: the first member reports the rebalance before it is steady again.
        states.Clear();
        await using var b = Member(kafka, new Owner(), "users-join");
        b.Start();
        await Until(() => a.Owned.Count == 2 && b.Owned.Count == 2 && states.LastOrDefault() == "steady", "the first member is steady again with 2 partitions");
        Assert.Contains(states, state => state != "steady");
    }

    private static Task Until(Func<bool> condition, string what) => Eventually.Until(condition, Eventually.DefaultDeadline, "timed out waiting until " + what);

    private static StoreGroupConsumer Member(EmbeddedKafka kafka, Owner owner, string topic = "users", Action<string>? joinState = null) =>
        new(new StoreGroupOptions { BootstrapServers = kafka.BootstrapServers, Topic = topic, GroupId = "g-" + topic, SessionTimeout = TimeSpan.FromSeconds(3) },
            owner, NullLogger<StoreGroupConsumer>.Instance)
        {
            JoinStateChanged = joinState,
        };

    private sealed class Owner : IPartitionOwner
    {
        public ConcurrentBag<int> Assigned { get; } = [];

        public ConcurrentBag<int> Revoked { get; } = [];

        public ConcurrentBag<int> Lost { get; } = [];

        public ConcurrentQueue<(int Partition, string? Key)> Records { get; } = new();

        public int PartitionCount { get; private set; }

        void IPartitionOwner.Assigned(IReadOnlyList<int> partitions, int partitionCount)
        {
            PartitionCount = partitionCount;
            foreach (var p in partitions)
            {
                Assigned.Add(p);
            }
        }

        void IPartitionOwner.Revoked(IReadOnlyList<int> partitions)
        {
            foreach (var p in partitions)
            {
                Revoked.Add(p);
            }
        }

        void IPartitionOwner.Lost(IReadOnlyList<int> partitions)
        {
            foreach (var p in partitions)
            {
                Lost.Add(p);
            }
        }

        public void Record(int partition, string? key, byte[] value) => Records.Enqueue((partition, key));
    }
}
