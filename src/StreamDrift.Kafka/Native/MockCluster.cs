using System.Runtime.InteropServices;

namespace StreamDrift.Kafka.Native;

/// <summary>
/// The librdkafka mock cluster through function pointers taken from the same loaded library as
/// Confluent.Kafka's. The cluster lives inside an <c>rd_kafka_t</c> handle of its own (a producer that
/// never produces); both are destroyed together.
/// </summary>
internal sealed unsafe class MockCluster : IDisposable
{
    private const int ProducerType = 0;
    private readonly IntPtr _rk;
    private IntPtr _cluster;

    private MockCluster(IntPtr rk, IntPtr cluster)
    {
        _rk = rk;
        _cluster = cluster;
    }

    public static MockCluster Create(int brokers)
    {
        var lib = KafkaNativeLibrary.Handle;
        var confNew = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(lib, "rd_kafka_conf_new");
        var confSet = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)NativeLibrary.GetExport(lib, "rd_kafka_conf_set");
        var kafkaNew = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)NativeLibrary.GetExport(lib, "rd_kafka_new");
        var clusterNew = (delegate* unmanaged<IntPtr, int, IntPtr>)NativeLibrary.GetExport(lib, "rd_kafka_mock_cluster_new");

        var conf = confNew();
        var error = stackalloc byte[512];
        // The handle only hosts the cluster: keep its own logging to errors.
        fixed (byte* name = "log_level\0"u8, value = "3\0"u8)
        {
            confSet(conf, name, value, error, 512);
        }
        var rk = kafkaNew(ProducerType, conf, error, 512);
        if (rk == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Marshal.PtrToStringUTF8((IntPtr)error));
        }
        var cluster = clusterNew(rk, brokers);
        if (cluster == IntPtr.Zero)
        {
            Destroy(rk);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }
        return new MockCluster(rk, cluster);
    }

    public string Bootstraps()
    {
        var f = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(KafkaNativeLibrary.Handle, "rd_kafka_mock_cluster_bootstraps");
        return Marshal.PtrToStringUTF8(f(_cluster)) ?? throw new InvalidOperationException("The mock cluster has no bootstrap address.");
    }

    public void SetBrokerDown(int brokerId) => Check(Call("rd_kafka_mock_broker_set_down", brokerId), "set_down");

    public void SetBrokerUp(int brokerId) => Check(Call("rd_kafka_mock_broker_set_up", brokerId), "set_up");

    public void CreateTopic(string topic, int partitions, int replicationFactor)
    {
        var f = (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(KafkaNativeLibrary.Handle, "rd_kafka_mock_topic_create");
        var bytes = System.Text.Encoding.UTF8.GetBytes(topic + "\0");
        fixed (byte* name = bytes)
        {
            Check(f(_cluster, name, partitions, replicationFactor), "topic_create " + topic);
        }
    }

    public void Dispose()
    {
        if (_cluster == IntPtr.Zero)
        {
            return;
        }
        var destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(KafkaNativeLibrary.Handle, "rd_kafka_mock_cluster_destroy");
        destroy(_cluster);
        _cluster = IntPtr.Zero;
        Destroy(_rk);
    }

    private int Call(string export, int brokerId)
    {
        var f = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(KafkaNativeLibrary.Handle, export);
        return f(_cluster, brokerId);
    }

    private static void Destroy(IntPtr rk)
    {
        var destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(KafkaNativeLibrary.Handle, "rd_kafka_destroy");
        destroy(rk);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_{what} failed with librdkafka error {error}.");
        }
    }
}
