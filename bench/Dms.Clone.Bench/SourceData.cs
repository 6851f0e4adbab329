using NvmeTcp.Host;
using System.Buffers.Binary;
using NvmeTcp;

namespace Dms.Clone.Bench;

/// <summary>
/// Fills regions of a volume with incompressible, non-zero data: slices of a random pool with the
/// block's offset stamped into every 4 KiB block, so no two blocks are alike (nothing a copier could
/// skip or a store could dedupe), without paying for a random generator on every byte.
/// </summary>
internal static class SourceData
{
    private const int IoSize = 1 << 20, Depth = 16, PoolMiB = 61;
    private static readonly byte[] Pool = CreatePool();

    public static async Task WriteAsync(NvmeBlockDevice device, IReadOnlyList<(long Offset, long Length)> regions)
    {
        var ios = regions.SelectMany(r => Enumerable.Range(0, (int)((r.Length + IoSize - 1) / IoSize))
            .Select(i => (Offset: r.Offset + ((long)i * IoSize), Length: (int)Math.Min(IoSize, r.Length - ((long)i * IoSize))))).ToArray();
        var next = -1;

        async Task Worker()
        {
            var buffer = new byte[IoSize];
            int index;
            while ((index = Interlocked.Increment(ref next)) < ios.Length)
            {
                var (offset, length) = ios[index];
                Fill(buffer.AsSpan(0, length), offset);
                await device.WriteAsync(offset, buffer.AsMemory(0, length));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Depth).Select(_ => Task.Run(Worker)));
    }

    private static void Fill(Span<byte> buffer, long offset)
    {
        var start = (int)((offset / IoSize) % PoolMiB) * IoSize;
        Pool.AsSpan(start, buffer.Length).CopyTo(buffer);
        for (var block = 0; block < buffer.Length; block += 4096)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer[block..], ~(offset + block));
        }
    }

    private static byte[] CreatePool()
    {
        var pool = new byte[(PoolMiB + 1) * IoSize];
        new Random(4).NextBytes(pool);
        return pool;
    }
}
