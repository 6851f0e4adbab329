using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using NvmeTcp.Nvme;
using NvmeTcp.Pdu;
using NvmeTcp.Transport;

namespace NvmeTcp.Host;

/// <summary>
/// One NVMe queue pair over one TCP connection (spec §1): many commands in flight, completions matched
/// by CID, one receive loop. Any transport failure fails every in-flight command with a retryable
/// <see cref="NvmeErrorKind.ConnectionLost"/> error; a queue is never reused after that.
/// </summary>
internal sealed class HostQueue : IAsyncDisposable
{
    /// <summary>MAXR2T our ICReq sends, 0's based: one R2T at a time per command, as the Linux host asks (spec §2.3).</summary>
    public const uint MaxR2T = 0;

    private readonly Socket _socket;
    private readonly PduReader _reader;
    private readonly PduWriter _writer;
    private readonly CommandSlot[] _slots;
    private readonly Stack<ushort> _freeCommandIds;
    private readonly SemaphoreSlim _capacity;
    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly long _commandTimeoutTicks;
    private readonly HeaderValidator _validator;
    private ITimer? _timeoutTimer;
    private Task _receiveLoop = Task.CompletedTask;
    private Exception? _failure;
    private bool _failed;
    private int _inFlight;

    private HostQueue(Socket socket, PduReader reader, PduWriter writer, ushort queueId, int depth, ICResp negotiated, NvmeHostOptions options)
    {
        _socket = socket;
        _reader = reader;
        _writer = writer;
        QueueId = queueId;
        HeaderDigest = negotiated.HeaderDigest;
        DataDigest = negotiated.DataDigest;
        MaxH2CData = (int)Math.Min(int.MaxValue, negotiated.MaxH2CData);
        _slots = new CommandSlot[depth];
        _freeCommandIds = new Stack<ushort>(depth);
        for (int i = depth - 1; i >= 0; i--)
        {
            _slots[i] = new CommandSlot((ushort)i);
            _freeCommandIds.Push((ushort)i);
        }

        _capacity = new SemaphoreSlim(depth, depth);
        _time = options.TimeProvider;
        _commandTimeoutTicks = (long)(options.CommandTimeout.TotalSeconds * _time.TimestampFrequency);
        _validator = new HeaderValidator(ReceiverIsController: false, HeaderDigest, DataDigest);
    }

    public ushort QueueId { get; }
    public bool HeaderDigest { get; }
    public bool DataDigest { get; }
    public int MaxH2CData { get; }
    public int Depth => _slots.Length;
    public int InFlight => Volatile.Read(ref _inFlight);
    public bool IsFailed => Volatile.Read(ref _failed) || _failure is not null;

    /// <summary>Largest write sent in-capsule; bigger writes use R2T + H2CData (spec §6).</summary>
    public int InCapsuleLimit { get; set; } = PduRules.AdminInCapsuleLimit;

    /// <summary>Raised once, from the receive loop, when the connection has failed.</summary>
    public event Action<HostQueue, Exception>? Failed;

    public static async Task<HostQueue> ConnectAsync(EndPoint endPoint, ushort queueId, int depth, NvmeHostOptions options, CancellationToken ct)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var writer = new PduWriter(socket);
        try
        {
            SocketSetup.Configure(socket);
            using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            await socket.ConnectAsync(endPoint, linked.Token);
            var reader = new PduReader(socket);
            ICResp response = await InitializeConnectionAsync(reader, writer, options, linked.Token);
            var queue = new HostQueue(socket, reader, writer, queueId, depth, response, options);
            queue.Start(options);
            return queue;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Dispose(socket, writer);
            throw NvmeException.ConnectionLost($"Could not connect NVMe/TCP queue {queueId} to {endPoint}: {ex.Message}", ex);
        }
        catch
        {
            Dispose(socket, writer);
            throw;
        }
    }

    private static void Dispose(Socket socket, PduWriter writer)
    {
        socket.Dispose();
        writer.Dispose();
    }

    /// <summary>ICReq/ICResp (spec §2.3, §7.3 step 1): HPDA 0, <see cref="MaxR2T"/>, digests exactly as asked.</summary>
    private static async Task<ICResp> InitializeConnectionAsync(PduReader reader, PduWriter writer, NvmeHostOptions options, CancellationToken ct)
    {
        byte[] buffer = new byte[ICReq.Size];
        var request = new ICReq(0, 0, options.HeaderDigest, options.DataDigest, MaxR2T);
        request.Write(buffer);
        await writer.SendAsync(new ArraySegment<byte>(buffer), ct);
        try
        {
            return await ConnectionInitializer.ReadICRespAsync(reader, buffer, request, ct);
        }
        catch (PeerTerminatedException ex)
        {
            throw new NvmeException(NvmeErrorKind.ProtocolError, "The controller rejected ICReq: " + ex.Message);
        }
        catch (PduProtocolException ex)
        {
            throw new NvmeException(NvmeErrorKind.ProtocolError, "Unacceptable ICResp: " + ex.Message + ".");
        }
    }

    private void Start(NvmeHostOptions options)
    {
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        if (options.CommandTimeout > TimeSpan.Zero && options.CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            TimeSpan period = TimeSpan.FromTicks(Math.Clamp(options.CommandTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
            _timeoutTimer = _time.CreateTimer(static s => ((HostQueue)s!).CheckTimeouts(), this, period, period);
        }
    }

    /// <summary>Runs one command: <paramref name="writeData"/> goes host→controller, <paramref name="readBuffer"/> is filled controller→host.</summary>
    public ValueTask<CompletionQueueEntry> ExecuteAsync(SubmissionQueueEntry sqe, ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, CancellationToken ct) =>
        ExecuteAsync(sqe, writeData, readBuffer, timed: true, ct);

    /// <summary>
    /// An Asynchronous Event Request: outstanding until the controller has news, so no command timeout applies (Linux
    /// sends it outside blk-mq, tcp.c nvme_tcp_submit_async_event, where none does) and nothing cancels it.
    /// </summary>
    public ValueTask<CompletionQueueEntry> WaitForEventAsync(SubmissionQueueEntry sqe) =>
        ExecuteAsync(sqe, default, default, timed: false, CancellationToken.None);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<CompletionQueueEntry> ExecuteAsync(SubmissionQueueEntry sqe, ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, bool timed, CancellationToken ct)
    {
        ThrowIfFailed();
        await _capacity.WaitAsync(ct);
        CommandSlot slot;
        lock (_sync)
        {
            if (_failed)
            {
                _capacity.Release();
                throw FailureFor(null);
            }

            slot = _slots[_freeCommandIds.Pop()];
            slot.Arm(writeData, readBuffer, timed ? _time.GetTimestamp() + _commandTimeoutTicks : long.MaxValue);
            _inFlight++;
        }

        try
        {
            using CancellationTokenRegistration registration = ct.CanBeCanceled
                ? ct.UnsafeRegister(static (s, token) => ((HostQueue)((object[])s!)[0]).AbortCommand((CommandSlot)((object[])s!)[1], new OperationCanceledException(token)), new object[] { this, slot })
                : default;
            await SendCommandAsync(sqe, slot);
            return await new ValueTask<CompletionQueueEntry>(slot, slot.Version);
        }
        finally
        {
            slot.Release();
            lock (_sync)
            {
                _freeCommandIds.Push(slot.CommandId);
                _inFlight--;
            }

            _capacity.Release();
        }
    }

    private async ValueTask SendCommandAsync(SubmissionQueueEntry sqe, CommandSlot slot)
    {
        ReadOnlyMemory<byte> writeData = slot.WriteData;
        bool inCapsule = !writeData.IsEmpty && writeData.Length <= InCapsuleLimit;
        slot.WriteInCapsule = inCapsule;
        sqe.CommandId = slot.CommandId;
        sqe.Flags |= SubmissionQueueEntry.SglFlags;
        sqe.Sgl = inCapsule ? SglDescriptor.InCapsule(writeData.Length)
            : SglDescriptor.Transport(writeData.IsEmpty ? slot.ReadBuffer.Length : writeData.Length);

        byte[] header = ArrayPool<byte>.Shared.Rent(PduEncoder.MaxHeaderBytes);
        try
        {
            int headerLength = PduEncoder.WriteCapsuleCommand(header, sqe, inCapsule ? writeData.Length : 0, HeaderDigest, DataDigest);
            ArraySegment<byte> trailer = default;
            if (inCapsule && DataDigest)
            {
                Crc32C.Write(writeData.Span, header.AsSpan(headerLength));
                trailer = new ArraySegment<byte>(header, headerLength, Crc32C.Size);
            }

            await _writer.SendAsync(new ArraySegment<byte>(header, 0, headerLength), inCapsule ? writeData : default, trailer, CancellationToken.None);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // The receive loop fails this slot with everything else once the socket is closed.
            Abort(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <summary>
    /// Answers an R2T (spec §6): H2CData PDUs of at most MAXH2CDATA covering exactly [R2TO, R2TO+R2TL), after
    /// the answer to the command's previous R2T (<paramref name="previous"/>, which never throws) so DATAO
    /// only increases.
    /// </summary>
    private async Task SendRequestedDataAsync(CommandSlot slot, DataPduHeader r2t, Task previous)
    {
        byte[] header = ArrayPool<byte>.Shared.Rent(PduEncoder.MaxHeaderBytes);
        try
        {
            await previous;
            ReadOnlyMemory<byte> data = slot.WriteData;
            uint end = r2t.Offset + r2t.Length;
            for (uint offset = r2t.Offset; offset < end;)
            {
                uint length = (uint)Math.Min(end - offset, (uint)MaxH2CData);
                bool last = offset + length == end;
                ReadOnlyMemory<byte> chunk = data.Slice((int)offset, (int)length);
                var pdu = new DataPduHeader(slot.CommandId, r2t.TransferTag, offset, length);
                int headerLength = PduEncoder.WriteDataHeader(header, PduType.H2CData, pdu, last, success: false, HeaderDigest, DataDigest);
                ArraySegment<byte> trailer = default;
                if (DataDigest)
                {
                    Crc32C.Write(chunk.Span, header.AsSpan(headerLength));
                    trailer = new ArraySegment<byte>(header, headerLength, Crc32C.Size);
                }

                if (last)
                {
                    // Before the send, not after: once the last byte leaves, the controller may answer with
                    // the next R2T or the completion, which must not find this R2T still counted.
                    slot.R2TAnswered();
                }

                await _writer.SendAsync(new ArraySegment<byte>(header, 0, headerLength), chunk, trailer, CancellationToken.None);
                offset += length;
            }
        }
        catch (Exception ex)
        {
            Abort(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] header = new byte[TermReq.MaxSize];
        Exception? failure = null;
        try
        {
            while (true)
            {
                CommonHeader ch = await _reader.ReadHeaderAsync(header, _validator, CancellationToken.None);
                switch (ch.Type)
                {
                    case PduType.CapsuleResp:
                        await OnCapsuleResponseAsync(CompletionQueueEntry.Read(header.AsSpan(CommonHeader.Size)));
                        break;
                    case PduType.C2HData:
                        await OnDataAsync(ch, DataPduHeader.Read(header));
                        break;
                    default: // R2T, the only other type the validator lets through
                        OnReadyToTransfer(DataPduHeader.Read(header));
                        break;
                }
            }
        }
        catch (PduProtocolException ex)
        {
            // Recorded before the TermReq goes out so that a data send failing meanwhile cannot replace
            // the reason every pending command will report.
            failure = ex;
            Interlocked.CompareExchange(ref _failure, ex, null);
            await _writer.TrySendTermReqAsync(fromController: false, ex.Error, header);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            FailAll(failure ?? new ConnectionClosedException());
        }
    }

    private async ValueTask OnCapsuleResponseAsync(CompletionQueueEntry cqe)
    {
        CommandSlot slot = ActiveSlot(cqe.CommandId, CommonHeader.Size + 12, "CapsuleResp");
        DataTransferRules.CheckCompletion(slot, cqe.CommandId);

        // An R2T counts as answered as soon as its last H2CData PDU starts out (so that a prompt, honest
        // completion is no violation), but that PDU may still be waiting for the writer or the socket.
        // The caller gets its buffer back only once it has left: otherwise a target that completes early
        // would be sent whatever the caller put in the buffer next. DataSend never throws; a target that
        // stops reading meanwhile is ended by the command timeout, which fails the slot.
        await slot.DataSend;
        if (cqe.IsSuccess && slot.DataDigestFailed)
        {
            // A data digest error is not fatal: the command fails with a transient transport error (spec §3).
            slot.TryFail(NvmeException.FromStatus(NvmeStatus.TransientTransportError, "Data digest mismatch"));
        }
        else if (cqe.IsSuccess && DataTransferRules.ShortTransfer(slot) is { } shortTransfer)
        {
            slot.TryFail(shortTransfer);
        }
        else
        {
            slot.TryComplete(cqe);
        }
    }

    private async ValueTask OnDataAsync(CommonHeader ch, DataPduHeader data)
    {
        CommandSlot slot = ActiveSlot(data.CommandId, DataPduHeader.CommandIdOffset, "C2HData");
        DataTransferRules.CheckC2HData(slot, data, ch.DataLength);
        Memory<byte> buffer = slot.ReadBuffer;

        await _reader.SkipAsync(ch.DataOffset - ch.HeaderWithDigestLength, CancellationToken.None);
        Memory<byte> destination = buffer.Slice((int)data.Offset, (int)data.Length);
        await _reader.ReadExactAsync(destination, CancellationToken.None);
        if (ch.HasDataDigest && await _reader.ReadDataDigestAsync(CancellationToken.None) != Crc32C.Compute(destination.Span))
        {
            slot.DataDigestFailed = true;
        }

        slot.BytesReceived += (int)data.Length;
        if ((ch.Flags & PduFlags.Success) != 0)
        {
            // SUCCESS + LAST_PDU stands in for the CapsuleResp (spec §6).
            await OnCapsuleResponseAsync(new CompletionQueueEntry(0, 0, 0, QueueId, data.CommandId, 0));
        }
    }

    private void OnReadyToTransfer(DataPduHeader r2t)
    {
        CommandSlot slot = ActiveSlot(r2t.CommandId, DataPduHeader.CommandIdOffset, "R2T");
        DataTransferRules.CheckR2T(slot, r2t, (int)MaxR2T + 1);
        slot.BytesRequested = r2t.Offset + r2t.Length;
        slot.R2TAccepted();

        // Sending must not block this loop: the controller may be waiting for us to drain its sends. Chained
        // per command and checked above, these sends stay within MAXR2T + 2 per command (the accepted R2Ts
        // plus one whose last PDU is on its way out), whatever the controller sends.
        slot.DataSend = SendRequestedDataAsync(slot, r2t, slot.DataSend);
    }

    private CommandSlot ActiveSlot(ushort commandId, uint fieldOffset, string pdu)
    {
        if (commandId < _slots.Length && _slots[commandId].IsActive)
        {
            return _slots[commandId];
        }

        throw new PduProtocolException(PduHeaderError.InvalidField(fieldOffset), $"target sent {pdu} for command {commandId}, which is not outstanding on queue {QueueId}");
    }

    private void CheckTimeouts()
    {
        long now = _time.GetTimestamp();
        foreach (CommandSlot slot in _slots)
        {
            if (slot.IsActive && now > slot.DeadlineTimestamp)
            {
                AbortCommand(slot, new NvmeException(NvmeErrorKind.Timeout, $"Command CID {slot.CommandId} on queue {QueueId} timed out; the connection was reset."));
            }
        }
    }

    /// <summary>
    /// NVMe/TCP cannot take back a sent command, so a timed-out or cancelled command resets the whole
    /// connection (as the Linux host's error recovery does); the other in-flight commands fail retryably.
    /// </summary>
    private void AbortCommand(CommandSlot slot, Exception reason)
    {
        if (slot.IsActive)
        {
            slot.AbortReason ??= reason;
            Abort(reason);
        }
    }

    /// <summary>Closes the connection; the receive loop then fails every in-flight command.</summary>
    public void Abort(Exception reason)
    {
        Interlocked.CompareExchange(ref _failure, reason, null);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Close();
    }

    private void FailAll(Exception cause)
    {
        Interlocked.CompareExchange(ref _failure, cause, null);
        _timeoutTimer?.Dispose();
        _socket.Close();
        List<CommandSlot> active = [];
        lock (_sync)
        {
            _failed = true;
            foreach (CommandSlot slot in _slots)
            {
                if (slot.IsActive)
                {
                    active.Add(slot);
                }
            }
        }

        foreach (CommandSlot slot in active)
        {
            slot.TryFail(FailureFor(slot.AbortReason));
        }

        Failed?.Invoke(this, _failure!);
    }

    private Exception FailureFor(Exception? specific)
    {
        if (specific is OperationCanceledException or NvmeException)
        {
            return specific;
        }

        Exception cause = _failure ?? new ConnectionClosedException();
        return cause switch
        {
            NvmeException nvme => nvme,
            PduProtocolException or PeerTerminatedException =>
                new NvmeException(NvmeErrorKind.ConnectionLost, $"Queue {QueueId} was torn down after a protocol error: {cause.Message}", null, cause),
            _ => NvmeException.ConnectionLost($"Queue {QueueId} connection lost: {cause.Message}", cause),
        };
    }

    private void ThrowIfFailed()
    {
        if (IsFailed)
        {
            throw FailureFor(null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new ObjectDisposedException(nameof(HostQueue)));
        await _receiveLoop;
        _timeoutTimer?.Dispose();
        _socket.Dispose();
        _writer.Dispose();
        _capacity.Dispose();
    }
}
