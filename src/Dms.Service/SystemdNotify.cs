using System.Net.Sockets;
using System.Text;

namespace Dms.Service;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET, which systemd sets for a
/// Type=notify unit (packaging/dms.service). Does nothing when dms is not run by systemd.
/// </summary>
internal static class SystemdNotify
{
    public static void Send(string state)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        // "@name" is a socket in the abstract namespace, which the endpoint spells with a leading NUL.
        var endpoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), endpoint);
        }
        catch (SocketException e)
        {
            // systemd then times the start out and says so; dms itself works either way.
            Console.Error.WriteLine($"dms: cannot notify systemd at {path}: {e.Message}");
        }
    }
}
