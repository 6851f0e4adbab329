namespace Dms.Cloning.Copy;

public sealed record CopyOptions
{
    /// <summary>Bytes per I/O. 1 MiB × 16 in flight saturates loopback NVMe/TCP (bench/NvmeTcp.Bench).</summary>
    public int IoSize { get; init; } = 1 << 20;

    /// <summary>I/Os in flight at once (each owns one buffer of <see cref="IoSize"/>).</summary>
    public int Depth { get; init; } = 16;

    /// <summary>An I/O that makes no progress for this long counts as a stalled connection.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnects in a row without progress before a copy gives up (see <see cref="ReconnectPolicy"/>).</summary>
    public int ReconnectAttempts { get; init; } = 5;

    /// <summary>How often progress and the checkpoint are handed to the caller.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (IoSize < 4096 || IoSize % 4096 != 0)
        {
            throw new ArgumentException($"IoSize {IoSize} must be a positive multiple of 4096");
        }
        if (Depth is < 1 or > 256)
        {
            throw new ArgumentException($"Depth {Depth} must be 1-256");
        }
        if (ReconnectAttempts < 0)
        {
            throw new ArgumentException($"ReconnectAttempts {ReconnectAttempts} must not be negative");
        }
    }
}
