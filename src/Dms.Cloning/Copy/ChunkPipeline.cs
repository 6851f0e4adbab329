using System.Buffers;

namespace Dms.Cloning.Copy;

/// <summary>
/// Runs one piece of work per chunk on <c>depth</c> workers, each with its own pooled buffer, taking
/// chunks in plan order so completions stay close to the watermark. The first failure cancels the
/// other workers and is what the caller sees.
/// </summary>
internal static class ChunkPipeline
{
    public delegate ValueTask ChunkWork(int chunk, Memory<byte> buffer, CancellationToken ct);

    public static async Task RunAsync(int first, int count, int depth, int bufferSize, ChunkWork work, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = first - 1;
        Exception? firstError = null;

        async Task Worker()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
            try
            {
                int chunk;
                while ((chunk = Interlocked.Increment(ref next)) < count)
                {
                    failed.Token.ThrowIfCancellationRequested();
                    await work(chunk, buffer, failed.Token);
                }
            }
            catch (Exception e)
            {
                // Cancellations caused by another worker's failure are echoes, not the cause.
                if (e is not OperationCanceledException || !failed.IsCancellationRequested || ct.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstError, e, null);
                }
                await failed.CancelAsync();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(depth, count - first))).Select(_ => Task.Run(Worker, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        if (firstError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(firstError).Throw();
        }
        ct.ThrowIfCancellationRequested();
    }
}
