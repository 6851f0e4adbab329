using Dms.Cloning.Devices;
using Dms.Cloning.Planning;
using Dms.Cloning.Verification;

namespace Dms.Cloning;

/// <summary>
/// One workflow's copy: both devices, the plan and the hashes taken while copying. The verification
/// that follows the copy uses the same session — same connections, same plan, no second listing of
/// the source's blocks.
/// </summary>
public sealed class CopySession(IBlockDevice source, IBlockDevice destination, CopyPlan plan) : IAsyncDisposable
{
    public IBlockDevice Source => source;

    public IBlockDevice Destination => destination;

    public CopyPlan Plan => plan;

    public ChecksumLog Checksums { get; } = new(plan.ChunkCount);

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        await destination.DisposeAsync();
    }
}
