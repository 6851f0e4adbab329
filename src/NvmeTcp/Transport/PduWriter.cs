using System.Net.Sockets;
using System.Runtime.InteropServices;
using NvmeTcp.Pdu;

namespace NvmeTcp.Transport;

/// <summary>
/// Serialises whole PDUs onto a socket. A PDU is header · data · trailer (data digest and/or a following
/// small PDU); when the data is array-backed (one array, or a list of array segments a backend lent)
/// all parts go out in one gathered send, so a 1 MiB payload is never copied in user space
/// (bench/NvmeTcp.Bench/README.md has the numbers).
/// </summary>
internal sealed class PduWriter : IDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<ArraySegment<byte>> _segments = new(3);

    public PduWriter(Socket socket) => _socket = socket;

    public ValueTask SendAsync(ArraySegment<byte> header, CancellationToken ct) =>
        SendAsync(header, ReadOnlyMemory<byte>.Empty, default, ct);

    public async ValueTask SendAsync(ArraySegment<byte> header, ReadOnlyMemory<byte> data, ArraySegment<byte> trailer, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (data.IsEmpty && trailer.Count == 0)
            {
                await SendAllAsync(header, ct);
            }
            else if (MemoryMarshal.TryGetArray(data, out ArraySegment<byte> dataSegment))
            {
                _segments.Clear();
                _segments.Add(header);
                AddIfNotEmpty(dataSegment);
                AddIfNotEmpty(trailer);
                await SendGatheredAsync();
            }
            else
            {
                await SendAllAsync(header, CancellationToken.None);
                await SendAllAsync(data, CancellationToken.None);
                await SendAllAsync(trailer, CancellationToken.None);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A PDU whose data lies in several arrays (memory a namespace backend lent), in one gathered send.</summary>
    public async ValueTask SendAsync(ArraySegment<byte> header, IReadOnlyList<ArraySegment<byte>> data, ArraySegment<byte> trailer, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            _segments.Clear();
            _segments.Add(header);
            foreach (ArraySegment<byte> segment in data)
            {
                AddIfNotEmpty(segment);
            }

            AddIfNotEmpty(trailer);
            await SendGatheredAsync();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Ends the connection's conversation with a TermReq reporting <paramref name="error"/> in the PDU that
    /// starts <paramref name="offendingHeader"/> (spec §2.3). Best effort: the connection closes either way.
    /// Through the writer, never between the bytes of a PDU going out; if a send is stuck (a peer that
    /// stops reading) the TermReq is given up after a second.
    /// </summary>
    public async Task TrySendTermReqAsync(bool fromController, PduHeaderError error, byte[] offendingHeader)
    {
        try
        {
            byte[] pdu = new byte[TermReq.MaxSize];
            int length = TermReq.Write(pdu, fromController, error, offendingHeader.AsSpan(0, CommonHeader.Size));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(new ArraySegment<byte>(pdu, 0, length), timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Nothing more to say: the peer is gone or not listening.
        }
    }

    private void AddIfNotEmpty(ArraySegment<byte> segment)
    {
        if (segment.Count > 0)
        {
            _segments.Add(segment);
        }
    }

    private async ValueTask SendGatheredAsync()
    {
        int expected = 0;
        foreach (ArraySegment<byte> segment in _segments)
        {
            expected += segment.Count;
        }

        int sent = await _socket.SendAsync(_segments, SocketFlags.None);
        if (sent != expected)
        {
            throw new IOException($"Short gathered send: {sent} of {expected} bytes.");
        }
    }

    /// <summary>
    /// <paramref name="ct"/> can stop a header-only PDU in the middle (callers then close the connection);
    /// parts of a PDU with data are never abandoned half-sent.
    /// </summary>
    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, ct);
            data = data[sent..];
        }
    }

    public void Dispose() => _lock.Dispose();
}
