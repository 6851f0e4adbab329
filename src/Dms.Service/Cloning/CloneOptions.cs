using Dms.Cloning.Copy;

namespace Dms.Service.Cloning;

/// <summary>How thick clones move data (dms.yaml `copy:`): I/O shape, NVMe queues, bandwidth limits.</summary>
internal sealed record CloneOptions
{
    public CopyOptions Copy { get; init; } = new();

    /// <summary>NVMe/TCP I/O queues per volume connection (each its own TCP connection).</summary>
    public int NvmeIoQueues { get; init; } = 4;

    /// <summary>Bytes per second all copies of this instance share; 0 = unlimited.</summary>
    public long MaxBandwidth { get; init; }

    /// <summary>Bytes per second for each copy; 0 = unlimited.</summary>
    public long WorkflowBandwidth { get; init; }
}
