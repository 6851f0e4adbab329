using System.Net;
using System.Net.Sockets;

namespace Lightbits.Emulator.Hosting;

internal static class PortAllocator
{
    private const int LowestPort = 10000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly Lazy<int?> s_ephemeralRangeStart = new(ReadEphemeralRangeStart);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> s_handedOut = new();

    /// <summary>
    /// A port that was free a moment ago. Picked below the kernel's ephemeral range when there is
    /// room: a port from bind(0) comes out of that range, where every outgoing connection on the
    /// machine also takes its local port, and one of them (a test suite opens thousands) could take
    /// ours before we bind. Below it only other listeners compete. Another process may still win
    /// the race; <see cref="EmulatorHost"/> then moves the server to other ports.
    /// </summary>
    public static int FreePort(IPAddress address)
    {
        if (EphemeralRangeStart() is { } ephemeralStart && ephemeralStart > LowestPort + 1000)
        {
            for (var attempt = 0; attempt < 64; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, ephemeralStart);
                // Never twice in one process: two clusters starting side by side (a test suite
                // runs many) would otherwise both find the same port free before either binds.
                if (s_handedOut.TryAdd(port, 0) && IsFree(address, port))
                {
                    return port;
                }
            }
        }

        using var listener = new TcpListener(address, 0);
        listener.Start();
        var ephemeral = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return ephemeral;
    }

    /// <summary>The first port of the kernel's ephemeral range, or null where it cannot be read.</summary>
    internal static int? EphemeralRangeStart() => s_ephemeralRangeStart.Value;

    private static int? ReadEphemeralRangeStart()
    {
        try
        {
            var fields = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 2 && int.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var start) ? start : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
