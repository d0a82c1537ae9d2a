using System.Net;
using System.Net.Sockets;
using StreamDrift.Redis.Local;

namespace StreamDrift.Redis.Tests.Local;

public class LoopbackPortsTests
{
    [Fact]
    public void Ports_AndTheirClusterBusPorts_AreBelowTheEphemeralRange_DistinctAndFreeToListenOn()
    {
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Free()).ToList();

        // Bus ports (+10,000) stay out of the range ports are drawn from, and both stay below the ephemeral range.
        Assert.All(ports, p => Assert.InRange(p, 10_000, Math.Min(19_999, ephemeralLow - 10_001)));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var port in ports.Take(5))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            using var bus = new TcpListener(IPAddress.Loopback, port + 10_000);
            bus.Start();
        }
    }
}
