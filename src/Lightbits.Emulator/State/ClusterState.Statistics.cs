using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

public sealed partial class ClusterState
{
    /// <summary>Reports physical use; the data plane installs it once the block store is open.</summary>
    public Func<long>? PhysicalBytesUsed { get; set; }

    public ClusterStatistics Statistics()
    {
        lock (_lock)
        {
            var logical = _state.Volumes.Aggregate(0UL, (sum, v) => sum + v.Size);
            var physical = (ulong)(PhysicalBytesUsed?.Invoke() ?? 0);
            var capacity = (ulong)(_options.CapacityBytes ?? 1L << 50);
            return new ClusterStatistics
            {
                InstalledPhysicalStorage = capacity,
                ManagedPhysicalStorage = capacity,
                EffectivePhysicalStorage = capacity,
                LogicalStorage = logical,
                LogicalUsedStorage = physical,
                PhysicalUsedStorage = physical,
                FreePhysicalStorage = capacity > physical ? capacity - physical : 0,
                EstimatedLogicalStorage = capacity,
                EstimatedFreeLogicalStorage = capacity > physical ? capacity - physical : 0,
                CompressionRatio = 1.0,
            };
        }
    }
}
