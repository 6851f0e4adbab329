using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests.Layers;

public sealed class FileHolesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Deallocate_OnLinux_ReturnsTheChunksDiskSpace()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "hole punching is Linux-only");
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), 64 << 20);
        await volume.WriteAsync(0, Bytes.Filled(1, 32 << 20));
        await volume.FlushAsync();
        long written = DiskUsage.Of(_dir.Path);

        await volume.DeallocateAsync(0, 32 << 20);
        await volume.FlushAsync();

        Assert.True(written >= 32 << 20, $"{written} bytes before");
        Assert.True(DiskUsage.Of(_dir.Path) < 4 << 20, $"{DiskUsage.Of(_dir.Path)} bytes after");
    }
}
