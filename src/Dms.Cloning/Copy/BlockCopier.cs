using System.Diagnostics;
using Dms.Cloning.Devices;
using Dms.Cloning.Planning;
using Dms.Cloning.Throttling;
using Dms.Cloning.Verification;

namespace Dms.Cloning.Copy;

/// <summary>
/// Copies the chunks of a plan from one block device to another: pipelined, throttled, skipping
/// chunks that read as zeros (a new destination volume already reads zeros there), hashing what
/// it reads for verification, reconnecting after a lost path, and publishing a checkpoint only after
/// the destination flushed.
/// </summary>
public sealed class BlockCopier
{
    private readonly IBlockDevice _source;
    private readonly IBlockDevice _destination;
    private readonly CopyPlan _plan;
    private readonly CopyOptions _options;
    private readonly IThrottle _throttle;
    private readonly ChecksumLog? _checksums;
    private readonly ICopyMetrics? _metrics;
    private readonly Watermark _watermark;
    private long _bytesRead;
    private long _bytesWritten;
    private long _durable;

    public BlockCopier(IBlockDevice source, IBlockDevice destination, CopyPlan plan, CopyOptions? options = null,
        IThrottle? throttle = null, ChecksumLog? checksums = null, ICopyMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _source = source;
        _destination = destination;
        _plan = plan;
        _options = options ?? new CopyOptions();
        _options.Validate();
        _throttle = throttle ?? Unthrottled.Instance;
        _checksums = checksums;
        _metrics = metrics;
        _watermark = new Watermark(plan.Chunks, plan.LogicalTotal);
    }

    /// <summary>
    /// Runs the copy from <paramref name="resumeFrom"/> (a checkpoint a previous run published, 0 at
    /// first). <paramref name="onProgress"/> gets live progress; its <see cref="CopyProgress.Watermark"/>
    /// only ever covers data the destination flushed.
    /// </summary>
    public async Task<CopyProgress> RunAsync(long resumeFrom, Func<CopyProgress, ValueTask>? onProgress, CancellationToken ct)
    {
        if (_destination.Capacity < _plan.LogicalTotal)
        {
            throw new CopyException(CopySide.Destination, 0, isRetryable: false,
                $"destination holds {_destination.Capacity} bytes, less than the {_plan.LogicalTotal} to copy");
        }
        var started = Stopwatch.GetTimestamp();
        _watermark.StartAt(_plan.FirstChunkAtOrAfter(resumeFrom));
        _durable = _watermark.Position;
        var reconnects = new ReconnectPolicy(_source, _destination, _options, _metrics);
        await reconnects.RunAsync(c => PassAsync(started, onProgress, c), () => Interlocked.Read(ref _durable), ct);
        await DeviceIo.RunAsync(c => _destination.FlushAsync(c), CopySide.Destination, _plan.LogicalTotal, _options, ct);
        var done = Snapshot(started, _plan.LogicalTotal);
        if (onProgress is not null)
        {
            await onProgress(done);
        }
        return done;
    }

    /// <summary>One run of the pipeline from the durable watermark (chunks done after it are copied again: copying is idempotent).</summary>
    private async Task PassAsync(long started, Func<CopyProgress, ValueTask>? onProgress, CancellationToken ct)
    {
        _watermark.StartAt(_plan.FirstChunkAtOrAfter(Interlocked.Read(ref _durable)));
        using var copying = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reporter = ReportAsync(started, onProgress, copying.Token);
        try
        {
            await ChunkPipeline.RunAsync(_watermark.NextUndone, _plan.ChunkCount, _options.Depth, _options.IoSize, CopyChunkAsync, ct);
        }
        finally
        {
            await copying.CancelAsync();
            await reporter;
        }
    }

    private async ValueTask CopyChunkAsync(int chunk, Memory<byte> buffer, CancellationToken ct)
    {
        var extent = _plan[chunk];
        var data = buffer[..(int)extent.Length];
        await _throttle.AcquireAsync(extent.Length, ct);
        await DeviceIo.RunAsync(c => _source.ReadAsync(extent.Offset, data, c), CopySide.Source, extent.Offset, _options, ct);
        Interlocked.Add(ref _bytesRead, extent.Length);
        if (data.Span.ContainsAnyExcept((byte)0))
        {
            _checksums?.Record(chunk, ChecksumLog.Hash(data.Span));
            await DeviceIo.RunAsync(c => _destination.WriteAsync(extent.Offset, data, c), CopySide.Destination, extent.Offset, _options, ct);
            Interlocked.Add(ref _bytesWritten, extent.Length);
            _metrics?.AddBytesCopied(extent.Length);
        }
        _watermark.Complete(chunk);
    }

    /// <summary>Hands out progress every interval; flushes the destination before a new watermark is published.</summary>
    private async Task ReportAsync(long started, Func<CopyProgress, ValueTask>? onProgress, CancellationToken ct)
    {
        if (onProgress is null)
        {
            return;
        }
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(_options.ProgressInterval, _options.Time, ct);
                var candidate = _watermark.Position;
                if (candidate > Interlocked.Read(ref _durable))
                {
                    await DeviceIo.RunAsync(c => _destination.FlushAsync(c), CopySide.Destination, candidate, _options, ct);
                    Interlocked.Exchange(ref _durable, candidate);
                }
                await onProgress(Snapshot(started, Interlocked.Read(ref _durable)));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The pass ended (or failed); the final progress is reported by RunAsync.
        }
        catch (CopyException)
        {
            // A failed flush leaves the durable watermark where it was; the pass itself will fail too.
        }
    }

    private CopyProgress Snapshot(long started, long durableWatermark)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var read = Interlocked.Read(ref _bytesRead);
        return new CopyProgress
        {
            Watermark = durableWatermark,
            PlannedDone = _watermark.CompletedBytes,
            PlannedTotal = _plan.PlannedBytes,
            LogicalTotal = _plan.LogicalTotal,
            BytesRead = read,
            BytesWritten = Interlocked.Read(ref _bytesWritten),
            BytesPerSecond = seconds > 0 ? read / seconds : 0,
        };
    }
}
