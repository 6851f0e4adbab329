namespace Lightbits.Emulator.Storage.Tests.TestSupport;

internal static class Bytes
{
    public static byte[] Random(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static byte[] Filled(byte value, int length)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    public static byte[] Read(IVolumeHandle volume, long offset, int length)
    {
        var bytes = new byte[length];
        volume.Read(offset, bytes);
        return bytes;
    }

    public static byte[] ReadSnapshot(BlockStore store, Guid snapshotId, long offset, int length)
    {
        var bytes = new byte[length];
        store.ReadSnapshot(snapshotId, offset, bytes);
        return bytes;
    }
}
