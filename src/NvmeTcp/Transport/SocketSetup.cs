using System.Net.Sockets;

namespace NvmeTcp.Transport;

internal static class SocketSetup
{
    // 4 MiB lets a 1 MiB PDU plus a few more sit in the kernel while the peer catches up; measured in the bench.
    public const int SocketBufferBytes = 4 * 1024 * 1024;

    /// <summary>TCP_NODELAY as the Linux host sets it (spec §1); large buffers for throughput.</summary>
    public static void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.SendBufferSize = SocketBufferBytes;
        socket.ReceiveBufferSize = SocketBufferBytes;
        socket.LingerState = new LingerOption(false, 0);
    }
}
