using Dms.Cloning.Copy;
using Dms.Cloning.Devices;
using Dms.Cloning.Planning;
using Dms.Cloning.Throttling;

namespace Dms.Cloning.Verification;

/// <summary>
/// Proves the destination equals the source over the whole logical size (DESIGN §5 step 6): planned
/// chunks against the hashes taken while copying (re-reading the source for chunks with no hash), and
/// the ranges the plan skipped by checking that both sides read zeros there. On a mismatch it names
/// the first differing byte, so the operator is told exactly where.
/// </summary>
public static class CopyVerifier
{
    /// <param name="onVerified">Bytes of the volume verified so far (a position, so it only grows).</param>
    /// <param name="throttle">The copy's bandwidth limit: verification reads the whole volume from both clusters, so it is paced too.</param>
    public static async Task VerifyAsync(IBlockDevice source, IBlockDevice destination, CopyPlan plan, ChecksumLog checksums,
        CopyOptions options, Action<long>? onVerified, CancellationToken ct, IThrottle? throttle = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(checksums);
        ArgumentNullException.ThrowIfNull(options);
        var cover = VolumeCover.Of(plan);
        var watermark = new Watermark(cover.Pieces, plan.LogicalTotal);
        var io = options.IoSize;
        throttle ??= Unthrottled.Instance;
        // Pieces are checked several at a time, so the first mismatch found need not be the first in
        // the volume: keep the lowest, skip pieces past it, and report it once the pieces before it are done.
        var gate = new Lock();
        VerificationException? firstMismatch = null;

        async ValueTask VerifyPieceAsync(int index, Memory<byte> buffers, CancellationToken token)
        {
            var (piece, plannedChunk) = cover.Locate(index);
            lock (gate)
            {
                if (firstMismatch is not null && piece.Offset > firstMismatch.FirstDifferingOffset)
                {
                    return;
                }
            }
            var written = buffers[..(int)piece.Length];
            var original = buffers.Slice(io, (int)piece.Length);
            await throttle.AcquireAsync(piece.Length, token);
            await DeviceIo.RunAsync(c => destination.ReadAsync(piece.Offset, written, c), CopySide.Destination, piece.Offset, options, token);
            var hashMatches = plannedChunk >= 0 && checksums.TryGet(plannedChunk, out var expected) && expected == ChecksumLog.Hash(written.Span);
            if (!hashMatches)
            {
                await DeviceIo.RunAsync(c => source.ReadAsync(piece.Offset, original, c), CopySide.Source, piece.Offset, options, token);
                if (Mismatch(piece.Offset, written.Span, original.Span) is { } mismatch)
                {
                    lock (gate)
                    {
                        if (firstMismatch is null || mismatch.FirstDifferingOffset < firstMismatch.FirstDifferingOffset)
                        {
                            firstMismatch = mismatch;
                        }
                    }
                    return;
                }
            }
            watermark.Complete(index);
            onVerified?.Invoke(watermark.LogicalDone);
        }

        await new ReconnectPolicy(source, destination, options).RunAsync(
            c => ChunkPipeline.RunAsync(watermark.NextUndone, cover.Pieces.Count, options.Depth, 2 * io, VerifyPieceAsync, c),
            () => watermark.Position, ct);
        if (firstMismatch is not null)
        {
            throw firstMismatch;
        }
    }

    private static VerificationException? Mismatch(long offset, ReadOnlySpan<byte> written, ReadOnlySpan<byte> original)
    {
        // Zeros on both sides (a skipped range, or a zero chunk the copier did not write) need no byte-wise compare.
        if (!written.ContainsAnyExcept((byte)0) && !original.ContainsAnyExcept((byte)0))
        {
            return null;
        }
        var same = written.CommonPrefixLength(original);
        var at = offset + same;
        return same < original.Length ? new VerificationException(at, $"verification failed: the destination differs from the source at byte offset {at}") : null;
    }
}
