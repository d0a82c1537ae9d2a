using System.Net;
using System.Net.Sockets;
using StreamDrift.Redis.Local;

namespace StreamDrift.Redis.Tests.Local;

public class LoopbackPortsTests
{
    [Fact]
    public void Ports_AreBelowTheEphemeralRange_DistinctAndFreeToListenOn()
    {
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Free()).ToList();

        Assert.All(ports, p => Assert.InRange(p, 10_000, ephemeralLow - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var port in ports.Take(5))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
