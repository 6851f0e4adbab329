using System.Globalization;
using System.Net.Sockets;

namespace Lightbits.Emulator.Testing;

public static class Probe
{
    /// <summary>Whether something accepts TCP connections on <c>host:port</c>.</summary>
    public static bool Accepts(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        try
        {
            using var socket = new TcpClient();
            socket.Connect(endpoint[..colon].Trim('[', ']'), int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
