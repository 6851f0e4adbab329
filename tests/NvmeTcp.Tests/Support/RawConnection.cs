using System.Net;
using System.Net.Sockets;
using NvmeTcp.Pdu;

namespace NvmeTcp.Tests.Support;

/// <summary>A hand-driven TCP connection for sending malformed PDUs to the target.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp);

    public static async Task<RawConnection> OpenAsync(IPEndPoint endPoint, bool initialize = true, bool digests = false)
    {
        var connection = new RawConnection();
        await connection._socket.ConnectAsync(endPoint);
        if (initialize)
        {
            byte[] icreq = new byte[ICReq.Size];
            new ICReq(0, 0, digests, digests, 0).Write(icreq);
            await connection.SendAsync(icreq);
            byte[] icresp = await connection.ReadPduAsync();
            Assert.Equal((byte)PduType.ICResp, icresp[0]);
        }

        return connection;
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Reads one PDU (by its plen), or null if the peer closed first.</summary>
    public async Task<byte[]> ReadPduAsync()
    {
        byte[] header = await ReadExactAsync(CommonHeader.Size) ?? throw new IOException("closed before a PDU");
        int plen = (int)CommonHeader.Read(header).PduLength;
        byte[] rest = await ReadExactAsync(plen - CommonHeader.Size) ?? throw new IOException("closed inside a PDU");
        return [.. header, .. rest];
    }

    /// <summary>True once the peer has closed (EOF or reset).</summary>
    public async Task<bool> IsClosedByPeerAsync()
    {
        try
        {
            byte[] one = new byte[1];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _socket.ReceiveAsync(one, SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async Task<byte[]?> ReadExactAsync(int count)
    {
        byte[] buffer = new byte[count];
        int done = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (done < count)
        {
            int n = await _socket.ReceiveAsync(buffer.AsMemory(done), SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                return null;
            }

            done += n;
        }

        return buffer;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
