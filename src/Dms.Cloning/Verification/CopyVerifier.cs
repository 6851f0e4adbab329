using Dms.Cloning.Copy;
using NvmeTcp;

namespace Dms.Cloning.Verification;

/// <summary>
/// Reads the destination back and proves it equals the source, chunk by chunk, against the hashes
/// taken while copying (re-reading the source only for chunks copied before a restart). On a
/// mismatch it finds the first differing byte so the operator is told exactly where.
/// </summary>
public static class CopyVerifier
{
    public static async Task VerifyAsync(IBlockDevice source, IBlockDevice destination, CopyPlan plan, ChecksumLog checksums,
        CopyOptions options, Action<long>? onVerified, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(checksums);
        ArgumentNullException.ThrowIfNull(options);
        long verified = 0;
        await ChunkPipeline.RunAsync(0, plan.ChunkCount, options.Depth, options.IoSize, async (chunk, buffer, token) =>
        {
            var extent = plan[chunk];
            var data = buffer[..(int)extent.Length];
            await DeviceIo.RunAsync(c => destination.ReadAsync(extent.Offset, data, c), CopySide.Destination, extent.Offset, options, token).ConfigureAwait(false);
            var actual = ChecksumLog.Hash(data.Span);
            if (!checksums.TryGet(chunk, out var expected) || expected != actual)
            {
                var original = new byte[extent.Length];
                await DeviceIo.RunAsync(c => source.ReadAsync(extent.Offset, original, c), CopySide.Source, extent.Offset, options, token).ConfigureAwait(false);
                var differs = data.Span.CommonPrefixLength(original);
                if (differs < original.Length)
                {
                    var offset = extent.Offset + differs;
                    throw new VerificationException(offset, $"verification failed: the destination differs from the source at byte offset {offset}");
                }
            }
            onVerified?.Invoke(Interlocked.Add(ref verified, extent.Length));
        }, ct).ConfigureAwait(false);
    }
}
