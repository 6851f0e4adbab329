using NvmeTcp.Target;

namespace Lightbits.Emulator.Testing;

/// <summary>Writes a cluster's volumes received, in the order they landed (thread-safe).</summary>
public sealed class WriteLog
{
    private readonly List<TargetWrite> _writes = [];
    private readonly Lock _gate = new();

    public void Add(TargetWrite write)
    {
        lock (_gate)
        {
            _writes.Add(write);
        }
    }

    public IReadOnlyList<TargetWrite> Snapshot()
    {
        lock (_gate)
        {
            return [.. _writes];
        }
    }
}
