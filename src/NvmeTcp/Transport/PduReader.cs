using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using NvmeTcp.Pdu;

namespace NvmeTcp.Transport;

/// <summary>
/// Buffered exact reads from a socket. Small headers come out of an internal buffer (few syscalls);
/// large payloads are received straight into the caller's memory (no copy) once the buffer is drained,
/// and a payload spread over several arrays with one scattered receive per batch the socket has.
/// </summary>
internal sealed class PduReader
{
    // 64 KiB amortises syscalls for small PDUs while keeping per-connection memory modest.
    private const int BufferSize = 64 * 1024;
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly List<ArraySegment<byte>> _scatter = [];
    private readonly byte[] _digest = new byte[Crc32C.Size];
    private int _start;
    private int _end;

    public PduReader(Socket socket) => _socket = socket;

    /// <summary>
    /// The receive path of host and controller alike: reads the next PDU's header (a TermReq whole) into
    /// <paramref name="header"/>, checked by <paramref name="validator"/> (spec §2.4) before the rest is
    /// read, then its header digest. The PDU's data, if any, is left for the caller.
    /// </summary>
    /// <exception cref="PduProtocolException">The header breaks the protocol; answer with a TermReq.</exception>
    /// <exception cref="PeerTerminatedException">The peer sent a TermReq.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<CommonHeader> ReadHeaderAsync(byte[] header, HeaderValidator validator, CancellationToken ct)
    {
        await ReadExactAsync(header.AsMemory(0, CommonHeader.Size), ct);
        CommonHeader ch = CommonHeader.Read(header);
        if (validator.Validate(ch) is { } error)
        {
            string sender = validator.ReceiverIsController ? "host" : "controller";
            throw new PduProtocolException(error, $"Invalid PDU header from the {sender} (type 0x{(byte)ch.Type:X2})");
        }

        int headerBytes = PduRules.IsTermReq(ch.Type) ? (int)ch.PduLength : ch.HeaderWithDigestLength;
        await ReadExactAsync(header.AsMemory(CommonHeader.Size, headerBytes - CommonHeader.Size), ct);
        if (ch.HasHeaderDigest && !Crc32C.Verify(header.AsSpan(0, ch.HeaderLength), header.AsSpan(ch.HeaderLength, Crc32C.Size)))
        {
            uint received = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(ch.HeaderLength));
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.HeaderDigestError, received), "Header digest mismatch");
        }

        if (PduRules.IsTermReq(ch.Type))
        {
            // The peer found a fatal error in what we sent.
            throw new PeerTerminatedException(TermReq.Read(header));
        }

        return ch;
    }

    /// <summary>Reads the data digest that follows a PDU's data (spec §3).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<uint> ReadDataDigestAsync(CancellationToken ct)
    {
        await ReadExactAsync(_digest, ct);
        return BinaryPrimitives.ReadUInt32LittleEndian(_digest);
    }

    public async ValueTask ReadExactAsync(Memory<byte> destination, CancellationToken ct)
    {
        while (!destination.IsEmpty)
        {
            int buffered = _end - _start;
            if (buffered > 0)
            {
                int n = Math.Min(buffered, destination.Length);
                _buffer.AsSpan(_start, n).CopyTo(destination.Span);
                _start += n;
                destination = destination[n..];
                continue;
            }

            if (destination.Length >= BufferSize / 2)
            {
                int received = await _socket.ReceiveAsync(destination, SocketFlags.None, ct);
                ThrowIfClosed(received);
                destination = destination[received..];
            }
            else
            {
                await FillAsync(ct);
            }
        }
    }

    /// <summary>Fills <paramref name="pieces"/> in order.</summary>
    public async ValueTask ReadExactAsync(IEnumerable<ArraySegment<byte>> pieces, CancellationToken ct)
    {
        _scatter.Clear();
        _scatter.AddRange(pieces);
        long total = 0;
        foreach (ArraySegment<byte> piece in _scatter)
        {
            total += piece.Count;
        }

        while (_scatter.Count > 0)
        {
            if (_end > _start || _scatter.Count == 1 || total < BufferSize / 2)
            {
                // Buffered bytes first; a single or small remainder goes the ordinary way.
                ArraySegment<byte> piece = _scatter[0];
                int n = _end > _start ? Math.Min(_end - _start, piece.Count) : piece.Count;
                await ReadExactAsync(piece.AsMemory(0, n), ct);
                Advance(n);
                total -= n;
                continue;
            }

            // The list overload takes no token; closing the connection closes the socket, which ends it.
            ct.ThrowIfCancellationRequested();
            int received = await _socket.ReceiveAsync(_scatter, SocketFlags.None);
            ThrowIfClosed(received);
            Advance(received);
            total -= received;
        }
    }

    /// <summary>Drops <paramref name="count"/> filled bytes from the front of the scatter list.</summary>
    private void Advance(int count)
    {
        int full = 0;
        while (full < _scatter.Count && count >= _scatter[full].Count)
        {
            count -= _scatter[full].Count;
            full++;
        }

        _scatter.RemoveRange(0, full);
        if (count > 0)
        {
            _scatter[0] = _scatter[0].Slice(count);
        }
    }

    public async ValueTask SkipAsync(int count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_end == _start)
            {
                await FillAsync(ct);
            }

            int n = Math.Min(count, _end - _start);
            _start += n;
            count -= n;
        }
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = 0;
        int received = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, ct);
        ThrowIfClosed(received);
        _end = received;
    }

    private static void ThrowIfClosed(int received)
    {
        if (received == 0)
        {
            throw new ConnectionClosedException();
        }
    }
}

/// <summary>The peer closed the TCP connection.</summary>
internal sealed class ConnectionClosedException : IOException
{
    public ConnectionClosedException()
        : base("The NVMe/TCP peer closed the connection.")
    {
    }
}
