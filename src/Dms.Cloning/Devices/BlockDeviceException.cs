namespace Dms.Cloning.Devices;

/// <summary>A device call that failed; <see cref="IsRetryable"/> says whether reconnecting and trying again can succeed.</summary>
public sealed class BlockDeviceException : Exception
{
    public BlockDeviceException(string message, bool isRetryable, Exception? inner = null) : base(message, inner) => IsRetryable = isRetryable;

    public BlockDeviceException() : this("block device failed", false)
    {
    }

    public BlockDeviceException(string message) : this(message, false)
    {
    }

    public BlockDeviceException(string message, Exception inner) : this(message, false, inner)
    {
    }

    public bool IsRetryable { get; }
}
