namespace Dms.Cloning.Copy;

public enum CopySide
{
    Source,
    Destination,
}

/// <summary>
/// A copy that could not go on: which side failed, at which offset, and whether trying again (after
/// reconnecting, from the checkpoint) can succeed.
/// </summary>
public sealed class CopyException : Exception
{
    public CopyException(CopySide side, long offset, bool isRetryable, string message, Exception? inner = null)
        : base(message, inner)
    {
        Side = side;
        Offset = offset;
        IsRetryable = isRetryable;
    }

    public CopyException() : this(CopySide.Source, 0, false, "copy failed")
    {
    }

    public CopyException(string message) : this(CopySide.Source, 0, false, message)
    {
    }

    public CopyException(string message, Exception inner) : this(CopySide.Source, 0, false, message, inner)
    {
    }

    public CopySide Side { get; }

    public long Offset { get; }

    public bool IsRetryable { get; }
}

/// <summary>The destination does not read back what the source holds (permanent: the copy is wrong).</summary>
public sealed class VerificationException : Exception
{
    public VerificationException(long firstDifferingOffset, string message) : base(message) => FirstDifferingOffset = firstDifferingOffset;

    public VerificationException() : this(-1, "verification failed")
    {
    }

    public VerificationException(string message) : this(-1, message)
    {
    }

    public VerificationException(string message, Exception inner) : base(message, inner) => FirstDifferingOffset = -1;

    public long FirstDifferingOffset { get; }
}
