using System.Net;
using System.Net.Sockets;

namespace Lightbits.Emulator.Hosting;

internal static class PortAllocator
{
    /// <summary>
    /// A port that was free a moment ago. Another process could take it before we bind; the
    /// start-up then fails loudly with "address in use" rather than silently.
    /// </summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
