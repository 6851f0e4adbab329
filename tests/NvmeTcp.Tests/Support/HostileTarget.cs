using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NvmeTcp.Pdu;
using NvmeTcp.Target;

namespace NvmeTcp.Tests.Support;

/// <summary>
/// A target that does the handshakes right — it relays every PDU to a real <see cref="LoopbackTarget"/>, so
/// ICReq, Connect, Identify and keep-alives are answered properly — and lets a test take over a Read or
/// Write on an I/O queue to answer it with PDUs of its own, or rewrite what the real target sends.
/// </summary>
internal sealed class HostileTarget : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<HostileLink> _links = [];
    private readonly Task _accepting;

    public HostileTarget(NvmeTcpTargetOptions? options = null, long blocks = 4096)
    {
        Real = new LoopbackTarget(options, blocks: blocks);

        // Inherited by accepted sockets: a test that stops reading pushes back on the host within 64 KiB
        // (plus the host's own send buffer) instead of whatever autotuning would allow.
        _listener.ReceiveBufferSize = 64 * 1024;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _accepting = AcceptAsync();
    }

    public LoopbackTarget Real { get; }
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>
    /// Given each Read/Write capsule a host sends on an I/O queue, in the relay's receive loop (the host's
    /// further PDUs wait meanwhile); returns true to relay the capsule to the real target.
    /// </summary>
    public Func<HostileLink, HostileCommand, Task<bool>>? OnIoCommand { get; set; }

    /// <summary>May rewrite, in place, each PDU the real target sends before the host gets it.</summary>
    public Action<HostileLink, byte[]>? OnTargetPdu { get; set; }

    /// <summary>The first H2CTermReq a host sent on any connection.</summary>
    public TaskCompletionSource<byte[]> HostTermReq { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket host = await _listener.AcceptAsync();
                var real = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await real.ConnectAsync(Real.EndPoint);
                var link = new HostileLink(this, host, real);
                lock (_links)
                {
                    _links.Add(link);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accepting;
        HostileLink[] links;
        lock (_links)
        {
            links = [.. _links];
        }

        foreach (HostileLink link in links)
        {
            await link.DisposeAsync();
        }

        await Real.DisposeAsync();
    }
}

/// <summary>A Read or Write a host sent: its CID, opcode and SGL length (spec §4).</summary>
internal readonly record struct HostileCommand(ushort CommandId, byte Opcode, int Length, bool InCapsule);

/// <summary>One host connection relayed to the real target.</summary>
internal sealed class HostileLink : IAsyncDisposable
{
    private readonly HostileTarget _owner;
    private readonly Socket _host;
    private readonly Socket _real;
    private readonly SemaphoreSlim _toHost = new(1, 1);
    private readonly Dictionary<ushort, byte[]> _commands = [];
    private readonly Task _hostToReal;
    private readonly Task _realToHost;

    public HostileLink(HostileTarget owner, Socket host, Socket real)
    {
        _owner = owner;
        _host = host;
        _real = real;
        _hostToReal = RelayHostAsync();
        _realToHost = RelayRealAsync();
    }

    /// <summary>The QID of the host's Connect on this connection (spec §7.1).</summary>
    public ushort QueueId { get; private set; }

    /// <summary>The last SQE the host sent with this CID (for rewriting its answer).</summary>
    public byte[]? CommandOf(ushort commandId)
    {
        lock (_commands)
        {
            return _commands.GetValueOrDefault(commandId);
        }
    }

    public async Task SendToHostAsync(byte[] bytes)
    {
        await _toHost.WaitAsync();
        try
        {
            await _host.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            _toHost.Release();
        }
    }

    /// <summary>The next PDU from the host; for <see cref="HostileTarget.OnIoCommand"/>, while the relay waits.</summary>
    public async Task<byte[]> ReadFromHostAsync()
    {
        byte[] pdu = await ReadPduAsync(_host);
        if (pdu[0] == (byte)PduType.H2CTermReq)
        {
            _owner.HostTermReq.TrySetResult(pdu);
        }

        return pdu;
    }

    /// <summary>Reads H2CData from the host until one carries LAST_PDU (the end of an R2T's answer, spec §6).</summary>
    public async Task ReadDataUntilLastAsync()
    {
        byte[] pdu;
        do
        {
            pdu = await ReadFromHostAsync();
            Assert.Equal((byte)PduType.H2CData, pdu[0]);
        }
        while (((PduFlags)pdu[1] & PduFlags.LastPdu) == 0);
    }

    private async Task RelayHostAsync()
    {
        try
        {
            while (true)
            {
                byte[] pdu = await ReadFromHostAsync();
                if (pdu[0] == (byte)PduType.CapsuleCmd && !await OnCapsuleAsync(pdu))
                {
                    continue;
                }

                await _real.SendAsync(pdu, SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The host or the real target hung up; anything else (a failed assertion) faults DisposeAsync.
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Notes the capsule, and asks the test whether to relay it.</summary>
    private async Task<bool> OnCapsuleAsync(byte[] pdu)
    {
        byte[] sqe = pdu[8..72];
        ushort cid = BinaryPrimitives.ReadUInt16LittleEndian(sqe.AsSpan(2));
        lock (_commands)
        {
            _commands[cid] = sqe;
        }

        byte opcode = sqe[0];
        if (opcode == 0x7F && sqe[4] == 0x01)
        {
            QueueId = BinaryPrimitives.ReadUInt16LittleEndian(sqe.AsSpan(42)); // Connect (spec §7.1)
        }

        if (QueueId == 0 || opcode is not (0x01 or 0x02) || _owner.OnIoCommand is not { } handler)
        {
            return true;
        }

        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(sqe.AsSpan(24 + 8));
        return await handler(this, new HostileCommand(cid, opcode, length, InCapsule: sqe[24 + 15] == 0x01));
    }

    private async Task RelayRealAsync()
    {
        try
        {
            while (true)
            {
                byte[] pdu = await ReadPduAsync(_real);
                _owner.OnTargetPdu?.Invoke(this, pdu);
                await SendToHostAsync(pdu);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The real target hung up (it drops a controller's I/O connections when the host drops the admin
            // one) or the host did. Only pass the FIN on: what the host still sends, such as its H2CTermReq,
            // is read until the host closes.
            try
            {
                _host.Shutdown(SocketShutdown.Send);
            }
            catch (Exception again) when (again is SocketException or ObjectDisposedException)
            {
                // The host is gone too.
            }
        }
    }

    private static async Task<byte[]> ReadPduAsync(Socket socket)
    {
        byte[] header = new byte[CommonHeader.Size];
        await ReadExactAsync(socket, header);
        byte[] pdu = new byte[CommonHeader.Read(header).PduLength];
        header.CopyTo(pdu, 0);
        await ReadExactAsync(socket, pdu.AsMemory(CommonHeader.Size));
        return pdu;
    }

    private static async Task ReadExactAsync(Socket socket, Memory<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("closed");
            }

            buffer = buffer[n..];
        }
    }

    private void Close()
    {
        _host.Dispose();
        _real.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await Task.WhenAll(_hostToReal, _realToHost);
        _toHost.Dispose();
    }
}
