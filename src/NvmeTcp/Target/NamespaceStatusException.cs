using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>
/// Thrown by an <see cref="INamespaceBackend"/> to fail one command with a specific NVMe status
/// (for example Capacity Exceeded when a thin backend runs out of space) instead of Internal Error.
/// </summary>
public sealed class NamespaceStatusException : Exception
{
    public NamespaceStatusException(NvmeStatus status, string message, Exception? inner = null) : base(message, inner) => Status = status;

    public NamespaceStatusException() : this(NvmeStatus.InternalError, "namespace backend failed")
    {
    }

    public NamespaceStatusException(string message) : this(NvmeStatus.InternalError, message)
    {
    }

    public NamespaceStatusException(string message, Exception inner) : this(NvmeStatus.InternalError, message, inner)
    {
    }

    public NvmeStatus Status { get; }
}
