using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamDrift.Redis.Local;

/// <summary>
/// Free loopback TCP ports for the processes the launcher and the tests start. A port the kernel hands out with
/// bind(0) comes from its ephemeral range, the range outgoing connections take their local ports from: on a busy host
/// the next connection anywhere may take it between the probe and the child's own bind ("address already in use").
/// Ports below that range are taken only by explicit binds, so they are drawn from there at random, probed, and never
/// handed out twice by one process. A Redis Cluster node also binds its bus on the port + 10,000 (Redis's default
/// offset): ports are drawn from 10,000-19,999 with that bus port free too, so the bus ports (20,000-29,999) never
/// land on a port another draw hands out, and both stay below the ephemeral range.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private const int BusOffset = 10_000;
    private const int Draws = 200;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback TCP port nobody listens on right now, nor on its cluster bus port, below the ephemeral range where the host has room.</summary>
    public static int Free()
    {
        // Below the bus offset's reach too: a port and its bus port both under the ephemeral range.
        var below = Math.Min(Lowest + BusOffset, EphemeralLow() - BusOffset);
        lock (Given)
        {
            for (var draw = 0; below - Lowest >= Draws && draw < Draws; draw++)
            {
                var port = Random.Shared.Next(Lowest, below);
                if (!Given.Contains(port) && CanListen(port) && CanListen(port + BusOffset))
                {
                    Given.Add(port);
                    return port;
                }
            }

            // No room below the range (an unusual host setting): the kernel's pick.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux's default is 32768-60999; elsewhere, or unreadable, assume it.
    private static int EphemeralLow()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
