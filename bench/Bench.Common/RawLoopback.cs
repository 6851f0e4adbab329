using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bench.Common;

/// <summary>
/// The baseline: what loopback TCP moves with no protocol at all — 1 MiB sends over two
/// connections with the socket settings NvmeTcp uses. Shared by every benchmark that needs it.
/// </summary>
public static class RawLoopback
{
    private const int BufferSize = 1 << 20;

    /// <summary>Bytes per second over <paramref name="seconds"/>.</summary>
    public static async Task<double> MeasureAsync(double seconds, int connections = 2)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(connections);
        long bytes = 0;
        var stopwatch = Stopwatch.StartNew();

        async Task Pair()
        {
            using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            Configure(client);
            var connect = client.ConnectAsync(listener.LocalEndPoint!);
            using var server = await listener.AcceptAsync();
            await connect;
            Configure(server);
            var sink = Task.Run(async () =>
            {
                var buffer = new byte[BufferSize];
                int n;
                while ((n = await server.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    Interlocked.Add(ref bytes, n);
                }
            });
            var data = new byte[BufferSize];
            Random.Shared.NextBytes(data);
            while (stopwatch.Elapsed.TotalSeconds < seconds)
            {
                await client.SendAsync(data, SocketFlags.None);
            }
            client.Shutdown(SocketShutdown.Send);
            await sink;
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Pair()));
        return Interlocked.Read(ref bytes) / stopwatch.Elapsed.TotalSeconds;
    }

    private static void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.SendBufferSize = 4 << 20;
        socket.ReceiveBufferSize = 4 << 20;
    }
}
