using System.Threading.Tasks.Sources;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// The state of one CID on a host queue, reused for every command that gets this CID so the I/O path does
/// not allocate. Only the queue's receive loop completes a slot, which keeps data placement and completion
/// on one thread.
/// </summary>
internal sealed class CommandSlot : IValueTaskSource<CompletionQueueEntry>
{
    private const int Free = 0, Active = 1, Completed = 2;
    private ManualResetValueTaskSourceCore<CompletionQueueEntry> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;
    private int _r2tsOutstanding;

    public CommandSlot(ushort commandId) => CommandId = commandId;

    public ushort CommandId { get; }
    public Memory<byte> ReadBuffer { get; private set; }
    public ReadOnlyMemory<byte> WriteData { get; private set; }
    public bool WriteInCapsule { get; set; }
    public int BytesReceived { get; set; }

    /// <summary>End of the data the controller has asked for with R2Ts so far (spec §6); only the receive loop writes it.</summary>
    public uint BytesRequested { get; set; }

    /// <summary>R2Ts whose last H2CData PDU has not started out yet; the receive loop adds, the sender removes.</summary>
    public int R2TsOutstanding => Volatile.Read(ref _r2tsOutstanding);

    /// <summary>The latest send answering an R2T of this CID; the next one waits for it, so there is never more than one per R2T allowed.</summary>
    public Task DataSend { get; set; } = Task.CompletedTask;

    public bool DataDigestFailed { get; set; }
    public long DeadlineTimestamp { get; private set; }

    /// <summary>Why this particular command is being failed (timeout, cancellation), if not a plain connection loss.</summary>
    public Exception? AbortReason { get; set; }

    public bool IsActive => Volatile.Read(ref _state) == Active;
    public short Version => _core.Version;

    public void Arm(ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, long deadlineTimestamp)
    {
        WriteData = writeData;
        ReadBuffer = readBuffer;
        BytesReceived = 0;
        BytesRequested = 0;
        Volatile.Write(ref _r2tsOutstanding, 0);
        DataDigestFailed = false;
        AbortReason = null;
        DeadlineTimestamp = deadlineTimestamp;
        Volatile.Write(ref _state, Active);
    }

    public void R2TAccepted() => Interlocked.Increment(ref _r2tsOutstanding);

    public void R2TAnswered() => Interlocked.Decrement(ref _r2tsOutstanding);

    public bool TryComplete(in CompletionQueueEntry cqe)
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Active) != Active)
        {
            return false;
        }

        _core.SetResult(cqe);
        return true;
    }

    public bool TryFail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Active) != Active)
        {
            return false;
        }

        _core.SetException(error);
        return true;
    }

    public void Release()
    {
        WriteData = default;
        ReadBuffer = default;
        AbortReason = null;
        _core.Reset();
        Volatile.Write(ref _state, Free);
    }

    public CompletionQueueEntry GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
