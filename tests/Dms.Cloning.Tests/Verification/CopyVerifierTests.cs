using Dms.Cloning.Copy;
using Dms.Cloning.Planning;
using Dms.Cloning.Tests.Support;
using Dms.Cloning.Verification;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Cloning.Tests.Verification;

public sealed class CopyVerifierTests
{
    private const long Size = 32 << 20;
    private static readonly CopyOptions Options = new() { IoSize = 256 << 10, Depth = 8, Time = new FakeTimeProvider(), ReconnectAttempts = 0 };

    private static MemoryBlockDevice Source() =>
        MemoryBlockDevice.WithData(Size, seed: 1, (0, 3 << 20), (5 << 20, 4096), (20 << 20, 6 << 20));

    private static CopyPlan Plan(params ByteExtent[] extents) => CopyPlan.Create(extents, Size, Options.IoSize, 4096);

    private static async Task<(MemoryBlockDevice Destination, ChecksumLog Checksums)> CopyAsync(MemoryBlockDevice source, CopyPlan plan)
    {
        var destination = new MemoryBlockDevice(Size);
        var checksums = new ChecksumLog(plan.ChunkCount);
        await new BlockCopier(source, destination, plan, Options, checksums: checksums).RunAsync(0, null, default);
        return (destination, checksums);
    }

    [Fact]
    public async Task AfterAGoodCopy_Passes_AndFindsTheFirstCorruptByte()
    {
        var source = Source();
        var plan = CopyPlan.Full(Size, Options.IoSize, 4096);
        var (destination, checksums) = await CopyAsync(source, plan);
        await CopyVerifier.VerifyAsync(source, destination, plan, checksums, Options, null, default);

        destination.Data[(21 << 20) + 12345] ^= 0x40;
        var error = await Assert.ThrowsAsync<VerificationException>(() => CopyVerifier.VerifyAsync(source, destination, plan, checksums, Options, null, default));

        Assert.Equal((21L << 20) + 12345, error.FirstDifferingOffset);
        Assert.Contains(((21L << 20) + 12345).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunksCopiedBeforeARestart_AreCheckedAgainstTheSourceItself()
    {
        var source = Source();
        var plan = CopyPlan.Full(Size, Options.IoSize, 4096);
        var (destination, _) = await CopyAsync(source, plan);

        // A fresh log (the process restarted): every chunk is compared with a new read of the source.
        await CopyVerifier.VerifyAsync(source, destination, plan, new ChecksumLog(plan.ChunkCount), Options, null, default);
        destination.Data[100] = 0xEE;
        await Assert.ThrowsAsync<VerificationException>(() => CopyVerifier.VerifyAsync(source, destination, plan, new ChecksumLog(plan.ChunkCount), Options, null, default));
    }

    [Fact]
    public async Task DataTheSourceHoldsOutsideThePlan_FailsNamingItsFirstByte()
    {
        var source = Source();
        // The listing left out [20 MiB, 26 MiB): the copy never read it.
        var plan = Plan(new ByteExtent(0, 3 << 20), new ByteExtent(5 << 20, 4096));
        var (destination, checksums) = await CopyAsync(source, plan);

        var error = await Assert.ThrowsAsync<VerificationException>(() => CopyVerifier.VerifyAsync(source, destination, plan, checksums, Options, null, default));

        var firstMissed = (20L << 20) + source.Data.AsSpan(20 << 20).IndexOfAnyExcept((byte)0);
        Assert.Equal(firstMissed, error.FirstDifferingOffset);
    }

    [Fact]
    public async Task DestinationNotZeroWhereThePlanSkips_FailsNamingThatByte()
    {
        var source = Source();
        var plan = Plan(new ByteExtent(0, 3 << 20), new ByteExtent(5 << 20, 4096), new ByteExtent(20 << 20, 6 << 20));
        var (destination, checksums) = await CopyAsync(source, plan);
        destination.Data[(30 << 20) + 7] = 1;

        var error = await Assert.ThrowsAsync<VerificationException>(() => CopyVerifier.VerifyAsync(source, destination, plan, checksums, Options, null, default));

        Assert.Equal((30L << 20) + 7, error.FirstDifferingOffset);
    }

    [Fact]
    public async Task Progress_CoversTheWholeVolume_NotOnlyThePlannedBytes()
    {
        var source = MemoryBlockDevice.WithData(Size, seed: 1, (0, 3 << 20));
        var plan = Plan(new ByteExtent(0, 3 << 20));
        var (destination, checksums) = await CopyAsync(source, plan);
        long last = 0;

        await CopyVerifier.VerifyAsync(source, destination, plan, checksums, Options, v => Interlocked.Exchange(ref last, Math.Max(Interlocked.Read(ref last), v)), default);

        Assert.Equal(Size, last);
    }
}
