using NvmeTcp.Host;
using NvmeTcp.Nvme;
using NvmeTcp.Target;
using Common.Testing;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Target;

/// <summary>
/// A backend that lends its memory: C2HData goes out of, and H2CData comes into, the lent segments
/// directly. The segments are deliberately awkward (1000 bytes at odd offsets): with H2CData split
/// small, PDU boundaries, segment boundaries and data digests all straddle each other; with large
/// H2CData PDUs the target receives into many segments at once (scattered receives).
/// </summary>
public class LendingBackendTests
{
    [Theory]
    [InlineData(false, 4096)]
    [InlineData(true, 4096)]
    [InlineData(false, 1 << 20)]
    [InlineData(true, 1 << 20)]
    public async Task RandomReadsAndWrites_ThroughLentSegments_MatchAModel_AndEveryLeaseIsGivenBack(bool digests, int maxH2CData)
    {
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { MaxH2CData = maxH2CData, MaxDataTransferSize = 65536, InCapsuleDataSize = 8192 }, blocks: 2048);
        var backend = new LendingNamespaceBackend(2048, 512, segmentSize: 1000);
        target.Subsystem.ReplaceNamespace(1, backend);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host(digests));

        byte[] model = await RandomIo.RunAsync(device, seed: 99, operations: 200);

        Assert.True(model.AsSpan().SequenceEqual(backend.Contents.Span));
        Assert.True(backend.ReadsLent > 0 && backend.WritesLent > 0, $"lent {backend.ReadsLent} reads and {backend.WritesLent} writes");
        // A read's lease is given back once its send has completed, which may be just after the host saw the completion.
        await Poll.UntilAsync(() => Task.FromResult(backend.OutstandingLeases), outstanding => outstanding == 0, "every lease is given back");
    }

    [Fact]
    public async Task LentWrite_WhoseCommitFails_AnswersTheBackendsStatus_WritesNothing_AndGivesTheLeaseBack()
    {
        await using var target = new LoopbackTarget();
        var backend = new LendingNamespaceBackend(4096, 512, segmentSize: 4096, fullFromLba: 1024);
        target.Subsystem.ReplaceNamespace(1, backend);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        byte[] data = Enumerable.Repeat((byte)0x5A, 64 * 1024).ToArray();

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => device.WriteAsync(1024 * 512L, data).AsTask());

        Assert.Equal(NvmeStatus.CapacityExceeded, error.Status);
        Assert.True(backend.Contents.Span.IndexOfAnyExcept((byte)0) < 0, "nothing was written");
        Assert.Equal(0, backend.OutstandingLeases);
        await device.WriteAsync(0, data); // the queue still works
        Assert.True(backend.Contents.Span[..data.Length].SequenceEqual(data));
    }
}
