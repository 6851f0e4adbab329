using NvmeTcp.Host;

namespace NvmeTcp.Tests.Support;

/// <summary>Random writes and read-backs through a host device, checked against a model of the device.</summary>
internal static class RandomIo
{
    /// <summary>Runs <paramref name="operations"/> writes/reads of 1–128 sectors; returns the model of what the device holds.</summary>
    public static async Task<byte[]> RunAsync(NvmeBlockDevice device, int seed, int operations)
    {
        byte[] model = new byte[device.Capacity];
        var random = new Random(seed);
        for (int i = 0; i < operations; i++)
        {
            int sectors = random.Next(1, 129);
            long offset = random.Next(0, (int)(device.Capacity / 512) - sectors) * 512L;
            int length = sectors * 512;
            if (random.Next(2) == 0)
            {
                byte[] data = new byte[length];
                random.NextBytes(data);
                await device.WriteAsync(offset, data);
                data.CopyTo(model, offset);
            }
            else
            {
                byte[] read = new byte[length];
                await device.ReadAsync(offset, read);
                Assert.True(model.AsSpan((int)offset, length).SequenceEqual(read), $"read {i} at {offset} differs");
            }
        }

        return model;
    }
}
