using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using NvmeTcp.Nvme;
using NvmeTcp.Pdu;
using NvmeTcp.Transport;

namespace NvmeTcp.Target;

/// <summary>
/// One TCP connection = one queue of a controller; this class moves its PDUs. The receive loop validates
/// every PDU header (spec §2.4) before reading the rest; any fatal error ends the connection with a
/// C2HTermReq. Capsules go to the command sets: admin commands (<see cref="AdminCommandSet"/>) run in
/// order on the loop; I/O commands (<see cref="IoCommandSet"/>) run concurrently so many can be in flight.
/// </summary>
internal sealed class TargetConnection : IDisposable
{
    /// <summary>Wait for ICReq as long as the Linux host waits for ICResp (spec §1).</summary>
    private static readonly TimeSpan InitializeTimeout = TimeSpan.FromSeconds(10);

    private readonly NvmeTcpTarget _target;
    private readonly Socket _socket;
    private readonly PduReader _reader;
    private readonly PduWriter _writer;
    private readonly ConcurrentDictionary<ushort, PendingWrite> _pendingWrites = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly AdminCommandSet _admin;
    private readonly IoCommandSet _io;
    private HeaderValidator _validator;
    private bool _headerDigest;
    private bool _dataDigest;
    private int _nextTransferTag;
    private int _sqHead;
    private ushort _sqSize;

    public TargetConnection(NvmeTcpTarget target, Socket socket)
    {
        _target = target;
        _socket = socket;
        _reader = new PduReader(socket);
        _writer = new PduWriter(socket);
        _admin = new AdminCommandSet(this);
        _io = new IoCommandSet(this);
    }

    public NvmeTcpTarget Target => _target;
    public TargetController? Controller { get; private set; }
    public ushort QueueId { get; private set; }
    public NvmeTcpTargetOptions Options => _target.Options;

    /// <summary>Cancelled once the connection closes: commands stop waiting for data or backends.</summary>
    public CancellationToken Closed => _closed.Token;

    public async Task RunAsync()
    {
        byte[] header = new byte[TermReq.MaxSize];
        try
        {
            await InitializeAsync(header);
            while (true)
            {
                await ReceivePduAsync(header);
            }
        }
        catch (PduProtocolException ex)
        {
            await _writer.TrySendTermReqAsync(fromController: true, ex.Error, header);
            ShutdownSend();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or PeerTerminatedException)
        {
            // Peer went away, sent a TermReq, or we were closed: nothing to report.
        }
        finally
        {
            Close();
            foreach (PendingWrite pending in _pendingWrites.Values)
            {
                pending.DataReady.TrySetCanceled();
            }

            Controller?.Detach(this, QueueId);
        }
    }

    /// <summary>ICReq → ICResp (spec §2.3): echo exactly the digests asked for.</summary>
    private async Task InitializeAsync(byte[] header)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        timeout.CancelAfter(InitializeTimeout);
        ICReq request = await ConnectionInitializer.ReadICReqAsync(_reader, header, timeout.Token);
        _headerDigest = request.HeaderDigest;
        _dataDigest = request.DataDigest;
        _validator = new HeaderValidator(ReceiverIsController: true, _headerDigest, _dataDigest);
        byte[] response = new byte[ICResp.Size];
        new ICResp(0, 0, _headerDigest, _dataDigest, (uint)Options.MaxH2CData).Write(response);
        await _writer.SendAsync(new ArraySegment<byte>(response), _closed.Token);
    }

    private async Task ReceivePduAsync(byte[] header)
    {
        CommonHeader ch = await _reader.ReadHeaderAsync(header, _validator, _closed.Token);
        if (ch.Type == PduType.CapsuleCmd)
        {
            await ReceiveCapsuleAsync(ch, header);
        }
        else
        {
            // H2CData, the only other type the validator lets through.
            await ReceiveDataAsync(ch, DataPduHeader.Read(header));
        }
    }

    private async Task ReceiveCapsuleAsync(CommonHeader ch, byte[] header)
    {
        SubmissionQueueEntry sqe = SubmissionQueueEntry.Read(header.AsSpan(CommonHeader.Size, SubmissionQueueEntry.Size));
        int dataLength = ch.DataLength;
        int limit = QueueId == 0 ? PduRules.AdminInCapsuleLimit : Options.InCapsuleDataSize;
        if (dataLength > limit)
        {
            // Refuse before reading: the data would not fit any buffer we are willing to hold.
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.DataTransferLimitExceeded, PduHeaderError.PduLengthOffset), "In-capsule data too large");
        }

        byte[]? data = null;
        bool digestFailed = false;
        if (dataLength > 0)
        {
            data = ArrayPool<byte>.Shared.Rent(dataLength);
            await _reader.SkipAsync(ch.DataOffset - ch.HeaderWithDigestLength, _closed.Token);
            await _reader.ReadExactAsync(data.AsMemory(0, dataLength), _closed.Token);
            digestFailed = ch.HasDataDigest && await _reader.ReadDataDigestAsync(_closed.Token) != Crc32C.Compute(data.AsSpan(0, dataLength));
        }

        _sqHead = (_sqHead + 1) % (_sqSize + 1);
        Controller?.Touch();
        var capsule = new ReceivedCapsule(sqe, data, dataLength, digestFailed);
        if (Controller is null || QueueId == 0)
        {
            await _admin.ExecuteAsync(capsule);
        }
        else
        {
            _ = _io.ExecuteAsync(capsule);
        }
    }

    /// <summary>H2CData (spec §6): must answer our R2T exactly, in order, within MAXH2CDATA.</summary>
    private async Task ReceiveDataAsync(CommonHeader ch, DataPduHeader data)
    {
        if (!_pendingWrites.TryGetValue(data.CommandId, out PendingWrite? pending))
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.CommandIdOffset), "H2CData without an R2T");
        }

        if (data.TransferTag != pending.TransferTag)
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.TransferTagOffset), "H2CData with a wrong TTAG");
        }

        if (data.Length != (uint)ch.DataLength)
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.DataLengthOffset), "DATAL disagrees with PLEN");
        }

        if (data.Length > (uint)Options.MaxH2CData)
        {
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.DataTransferLimitExceeded, DataPduHeader.DataLengthOffset), "H2CData above MAXH2CDATA");
        }

        if (data.Offset != (uint)pending.Received || (ulong)data.Offset + data.Length > (ulong)pending.Length)
        {
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.DataTransferOutOfRange, DataPduHeader.DataOffsetFieldOffset), "H2CData outside the requested range");
        }

        if (ch.IsLast != (data.Offset + data.Length == (uint)pending.Length))
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(PduHeaderError.FlagsOffset), "LAST_PDU does not mark the end of the R2T");
        }

        await _reader.SkipAsync(ch.DataOffset - ch.HeaderWithDigestLength, _closed.Token);
        List<ArraySegment<byte>> destination = pending.Range((int)data.Offset, (int)data.Length);
        await _reader.ReadExactAsync(destination, _closed.Token);
        if (ch.HasDataDigest && await _reader.ReadDataDigestAsync(_closed.Token) != Crc32C.Compute(destination))
        {
            pending.DataDigestFailed = true;
        }

        pending.Received += (int)data.Length;
        if (pending.Received == pending.Length)
        {
            _pendingWrites.TryRemove(data.CommandId, out _);
            pending.DataReady.TrySetResult();
        }
    }

    /// <summary>Sends R2T for the whole transfer (as Linux does, spec §6) and waits for all of it to arrive.</summary>
    public async Task<PendingWrite> RequestDataAsync(ushort commandId, IReadOnlyList<ArraySegment<byte>> buffers, int length)
    {
        var pending = new PendingWrite((ushort)Interlocked.Increment(ref _nextTransferTag), buffers, length);
        if (!_pendingWrites.TryAdd(commandId, pending))
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(CommonHeader.Size + 2), "CID already in use");
        }

        byte[] pdu = ArrayPool<byte>.Shared.Rent(PduEncoder.MaxHeaderBytes);
        try
        {
            int size = PduEncoder.WriteR2T(pdu, new DataPduHeader(commandId, pending.TransferTag, 0, (uint)length), _headerDigest);
            await _writer.SendAsync(new ArraySegment<byte>(pdu, 0, size), _closed.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pdu);
        }

        await pending.DataReady.Task;
        return pending;
    }

    public ValueTask SendResponseAsync(ushort commandId, NvmeStatus status, uint dw0 = 0, uint dw1 = 0) =>
        SendResponseAsync(commandId, status, [], dw0, dw1);

    /// <summary>
    /// Completes a command: optional C2HData (whole transfer, LAST_PDU) then CapsuleResp, gathered into one send.
    /// SUCCESS is never set because we never offer to disable SQ flow control (spec §6).
    /// </summary>
    public async ValueTask SendResponseAsync(ushort commandId, NvmeStatus status, IReadOnlyList<ArraySegment<byte>> data, uint dw0 = 0, uint dw1 = 0)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(2 * PduEncoder.MaxHeaderBytes);
        try
        {
            var cqe = new CompletionQueueEntry(dw0, dw1, (ushort)_sqHead, QueueId, commandId, status.ToStatusField());
            int dataLength = 0;
            foreach (ArraySegment<byte> segment in data)
            {
                dataLength += segment.Count;
            }

            if (dataLength == 0)
            {
                int length = PduEncoder.WriteCapsuleResponse(buffer, cqe, _headerDigest);
                await _writer.SendAsync(new ArraySegment<byte>(buffer, 0, length), _closed.Token);
                return;
            }

            int headerLength = PduEncoder.WriteDataHeader(buffer, PduType.C2HData, new DataPduHeader(commandId, 0, 0, (uint)dataLength), last: true, success: false, _headerDigest, _dataDigest);
            int trailerStart = PduEncoder.MaxHeaderBytes;
            int trailerLength = 0;
            if (_dataDigest)
            {
                Crc32C.Write(Crc32C.Compute(data), buffer.AsSpan(trailerStart));
                trailerLength = Crc32C.Size;
            }

            trailerLength += PduEncoder.WriteCapsuleResponse(buffer.AsSpan(trailerStart + trailerLength), cqe, _headerDigest);
            await _writer.SendAsync(new ArraySegment<byte>(buffer, 0, headerLength), data, new ArraySegment<byte>(buffer, trailerStart, trailerLength), _closed.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task CompleteAsyncEventAsync(ushort commandId, uint result) =>
        await SendResponseAsync(commandId, NvmeStatus.Success, result);

    /// <summary>Joins this connection to <paramref name="controller"/> as queue <paramref name="queueId"/> (Fabrics Connect).</summary>
    public bool TryBind(TargetController controller, ushort queueId, ushort sqSize)
    {
        if (!controller.TryAttach(this, queueId))
        {
            return false;
        }

        QueueId = queueId;
        _sqSize = sqSize;
        Controller = controller;
        return true;
    }

    /// <summary>After a TermReq: the peer sees the end of the stream right behind it (spec §2.3).</summary>
    private void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: the connection ends either way.
        }
    }

    /// <summary>Called once the receive loop has ended; late command tasks see a closed connection.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _closed.Dispose();
    }

    public void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the connection is long closed.
        }

        _socket.Close();
    }
}
