using Confluent.Kafka;
using StreamDrift.TestSupport;

namespace StreamDrift.Kafka.Tests;

/// <summary>
/// What the embedded Kafka (librdkafka's mock cluster) does for consumer groups: it must coordinate a
/// group with cooperative-sticky assignment for the scale-out tests to mean anything.
/// </summary>
public sealed class MockClusterGroupTests
{
    [Fact]
    public async Task TwoConsumersInOneGroup_SplitThePartitionsIncrementally_AndTheSurvivorTakesAllBack()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("group-split", 6);
        using var first = new Member(kafka.BootstrapServers, "group-split");
        first.Consumer.Subscribe("group-split");
        await Until(() => first.Poll() && first.Owned.Count == 6, "the first member owns all 6 partitions");

        var second = new Member(kafka.BootstrapServers, "group-split");
        second.Consumer.Subscribe("group-split");
        await Until(() => first.Poll() | second.Poll() && first.Owned.Count == 3 && second.Owned.Count == 3, "3 partitions each");
        // Cooperative: the first member gave up only the 3 it lost, and was never revoked everything.
        Assert.Equal(3, first.Revoked);
        Assert.DoesNotContain(first.Owned, second.Owned.Contains);

        second.Consumer.Close();
        second.Dispose();
        await Until(() => first.Poll() && first.Owned.Count == 6, "the survivor owns all 6 again");
    }

    private static Task Until(Func<bool> condition, string what) => Eventually.Until(condition, Eventually.DefaultDeadline, "timed out waiting until " + what);

    private sealed class Member : IDisposable
    {
        public Member(string bootstrap, string group)
        {
            Consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = group,
                PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
                SessionTimeoutMs = 6000,
                HeartbeatIntervalMs = 500,
            })
            .SetPartitionsAssignedHandler((_, added) => Owned.AddRange(added))
            .SetPartitionsRevokedHandler((_, removed) =>
            {
                Revoked += removed.Count;
                Owned.RemoveAll(p => removed.Exists(r => r.TopicPartition == p));
            })
            .Build();
        }

        public IConsumer<string, string> Consumer { get; }

        public List<TopicPartition> Owned { get; } = [];

        public int Revoked { get; private set; }

        public bool Poll()
        {
            Consumer.Consume(TimeSpan.FromMilliseconds(100));
            return true;
        }

        public void Dispose() => Consumer.Dispose();
    }
}
