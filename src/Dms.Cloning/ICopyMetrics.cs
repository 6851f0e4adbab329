namespace Dms.Cloning;

/// <summary>What the copy engine counts for the host's metrics; the host decides how they are exposed.</summary>
public interface ICopyMetrics
{
    /// <summary>Bytes that landed on a destination.</summary>
    void AddBytesCopied(long bytes);

    /// <summary>A lost NVMe/TCP path to <paramref name="side"/> is being reconnected.</summary>
    void CountReconnect(Copy.CopySide side);
}
