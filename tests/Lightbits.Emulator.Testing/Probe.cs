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

    /// <summary>Polls a condition that another process or thread makes true; fails after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "condition"} not met within {limit.TotalSeconds:0} s");
            }
            await Task.Delay(20);
        }
    }
}
