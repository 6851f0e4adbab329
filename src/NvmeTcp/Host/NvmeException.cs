namespace NvmeTcp;

/// <summary>What went wrong with an NVMe/TCP operation, independent of which command it was.</summary>
public enum NvmeErrorKind
{
    /// <summary>The controller completed the command with an error status (see <see cref="NvmeException.Status"/>).</summary>
    CommandFailed,

    /// <summary>SCT 3 / SC 0x02: the namespace is not accessible through this path; re-resolve the primary path.</summary>
    AnaInaccessible,

    /// <summary>The TCP connection was lost or reset; in-flight commands did not complete. Reconnect and retry.</summary>
    ConnectionLost,

    /// <summary>The command did not complete within the command timeout; its connection was reset.</summary>
    Timeout,

    /// <summary>The peer broke the NVMe/TCP protocol (bad PDU, short transfer, TermReq).</summary>
    ProtocolError,

    /// <summary>After a reconnect the namespace no longer has the UUID it had: it is not the same volume.</summary>
    NamespaceChanged,
}

/// <summary>
/// The one error type of this library. Retryability is data (<see cref="IsRetryable"/>), decided once here
/// from the kind and the NVMe status (spec §5.1), so callers never parse status codes themselves.
/// </summary>
public sealed class NvmeException : Exception
{
    public NvmeException()
        : this(NvmeErrorKind.ProtocolError, "NVMe/TCP error.")
    {
    }

    public NvmeException(string message)
        : this(NvmeErrorKind.ProtocolError, message)
    {
    }

    public NvmeException(string message, Exception innerException)
        : this(NvmeErrorKind.ProtocolError, message, null, innerException)
    {
    }

    public NvmeException(NvmeErrorKind kind, string message, NvmeStatus? status = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Status = status;
    }

    public NvmeErrorKind Kind { get; }

    /// <summary>The completion status when the controller answered, otherwise null.</summary>
    public NvmeStatus? Status { get; }

    public int StatusCodeType => Status?.StatusCodeType ?? 0;
    public int StatusCode => Status?.StatusCode ?? 0;

    /// <summary>
    /// True when the same operation may succeed if tried again (possibly after a reconnect or, for
    /// <see cref="NvmeErrorKind.AnaInaccessible"/>, on another path).
    /// </summary>
    public bool IsRetryable => Kind switch
    {
        NvmeErrorKind.ConnectionLost or NvmeErrorKind.Timeout or NvmeErrorKind.AnaInaccessible => true,
        NvmeErrorKind.CommandFailed => Status is { } s && !s.DoNotRetry && IsRetryableStatus(s),
        _ => false,
    };

    internal static NvmeException FromStatus(NvmeStatus status, string operation) => status.IsAnaInaccessible
        ? new NvmeException(NvmeErrorKind.AnaInaccessible, $"{operation}: namespace inaccessible through this path (ANA, {status}).", status)
        : new NvmeException(NvmeErrorKind.CommandFailed, $"{operation} failed: {status}.", status);

    internal static NvmeException ConnectionLost(string message, Exception? inner = null) =>
        new(NvmeErrorKind.ConnectionLost, message, null, inner);

    /// <summary>Path errors, transient transport errors, aborts, not-ready and internal errors may clear (spec §5.1).</summary>
    private static bool IsRetryableStatus(NvmeStatus s) => s.StatusCodeType switch
    {
        NvmeStatus.PathType => true,
        NvmeStatus.GenericType => s.StatusCode is 0x04 or 0x06 or 0x07 or 0x08 or 0x22 or 0x82,
        _ => false,
    };
}
