namespace Lightbits.Emulator.Storage.Tests.TestSupport;

/// <summary>Reads and writes through the zero-copy leases of an in-memory store.</summary>
internal static class Lent
{
    public static byte[] Read(IVolumeHandle volume, long offset, int length)
    {
        using var lease = volume.TryLendForRead(offset, length) ?? throw new InvalidOperationException("The store lent nothing.");
        return Concatenate(lease.Segments, length);
    }

    public static byte[] Concatenate(IReadOnlyList<ArraySegment<byte>> segments, int length)
    {
        var bytes = new byte[length];
        int at = 0;
        foreach (var segment in segments)
        {
            segment.AsSpan().CopyTo(bytes.AsSpan(at));
            at += segment.Count;
        }

        Assert.Equal(length, at);
        return bytes;
    }

    public static void Fill(VolumeWriteLease lease, ReadOnlySpan<byte> data)
    {
        foreach (var segment in lease.Segments)
        {
            data[..segment.Count].CopyTo(segment);
            data = data[segment.Count..];
        }

        Assert.True(data.IsEmpty, "the lease holds less than the data");
    }

    public static void Write(IVolumeHandle volume, long offset, byte[] data)
    {
        using var lease = volume.TryLendForWrite(offset, data.Length) ?? throw new InvalidOperationException("The store lent nothing.");
        Fill(lease, data);
        lease.Commit();
    }
}
