using Lightbits.Emulator.Storage.Layers;
using Lightbits.Emulator.Storage.Space;

namespace Lightbits.Emulator.Storage;

/// <summary>
/// A writable volume: its top layer over the layers of the snapshots it descends from. I/O holds
/// the volume's gate shared; snapshot, resize, delete and close hold it exclusively, so a snapshot
/// sees either all or none of a write.
/// </summary>
internal sealed class Volume : IVolumeHandle, IDisposable
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly SpaceAccount _space;
    private long _sizeBytes;
    private bool _deleted;
    private bool _closed;

    public Volume(Guid id, long sizeBytes, int sectorSize, Guid? sourceSnapshotId, Layer top, SpaceAccount space)
    {
        Id = id;
        _sizeBytes = sizeBytes;
        SectorSize = sectorSize;
        SourceSnapshotId = sourceSnapshotId;
        Top = top;
        _space = space;
    }

    public Guid Id { get; }

    public long SizeBytes => Volatile.Read(ref _sizeBytes);

    public int SectorSize { get; }

    public Guid? SourceSnapshotId { get; }

    public long AllocatedBytes => Top.AllocatedBytes;

    /// <summary>The layer written to; replaced when a snapshot freezes it.</summary>
    public Layer Top { get; private set; }

    public VolumeInfo ToInfo() => new(Id, SizeBytes, SectorSize, SourceSnapshotId, AllocatedBytes);

    public void Read(long offset, Span<byte> destination)
    {
        EnterShared();
        try
        {
            IoArguments.Validate(offset, destination.Length, SectorSize, SizeBytes, nameof(destination));
            LayerIo.Read(Top, offset, destination);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        EnterShared();
        try
        {
            IoArguments.Validate(offset, source.Length, SectorSize, SizeBytes, nameof(source));
            LayerIo.Write(Top, offset, source, _space);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public VolumeReadLease? TryLendForRead(long offset, int length)
    {
        EnterShared();
        try
        {
            IoArguments.Validate(offset, length, SectorSize, SizeBytes, nameof(length));
            return LayerLending.TryLendForRead(Top, offset, length);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public VolumeWriteLease? TryLendForWrite(long offset, int length)
    {
        EnterShared();
        try
        {
            IoArguments.Validate(offset, length, SectorSize, SizeBytes, nameof(length));
            return LayerLending.TryRentForWrite(Top, offset, length) is { } blocks ? new VolumeWriteLease(this, offset, blocks) : null;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Writes the blocks of a <see cref="VolumeWriteLease"/> to the current top layer; a snapshot sees all or none of them.</summary>
    internal void CommitLent(long offset, ChunkBlock?[] blocks)
    {
        EnterShared();
        try
        {
            // The volume may have shrunk since the lease was taken.
            IoArguments.Validate(offset, (long)blocks.Length * Top.ChunkSize, SectorSize, SizeBytes, "length");
            LayerLending.Commit(Top, offset, blocks, _space);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Read(offset, destination.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Write(offset, source.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeallocateAsync(long offset, long length, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        EnterShared();
        try
        {
            IoArguments.Validate(offset, length, SectorSize, SizeBytes, nameof(length));
            LayerIo.Deallocate(Top, offset, length, _space);
        }
        finally
        {
            _gate.ExitReadLock();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Flush();
        return ValueTask.CompletedTask;
    }

    public void Flush()
    {
        EnterShared();
        try
        {
            Top.Flush();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Freezes the top layer (flushed) for a snapshot and continues on <paramref name="newTop"/>; returns the frozen layer.</summary>
    public Layer SwapTop(Func<Layer, Layer> createNewTop)
    {
        _gate.EnterWriteLock();
        try
        {
            var frozen = Top;
            frozen.Flush();
            Top = createNewTop(frozen);
            return frozen;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Changes the size; a shrink first deallocates the cut-off tail so a later grow reads zeros there.</summary>
    public void Resize(long newSizeBytes)
    {
        _gate.EnterWriteLock();
        try
        {
            long old = SizeBytes;
            if (newSizeBytes < old)
            {
                LayerIo.Deallocate(Top, newSizeBytes, old - newSizeBytes, _space);
                Top.Flush();
            }

            Volatile.Write(ref _sizeBytes, newSizeBytes);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Waits for I/O in flight, then makes every later call fail as "volume not found".</summary>
    public void MarkDeleted() => Exclusively(() => _deleted = true);

    /// <summary>Flushes and makes every later call fail as disposed (the store is closing).</summary>
    public void Close() => Exclusively(() =>
    {
        if (!_deleted && !_closed)
        {
            Top.Flush();
        }

        _closed = true;
    });

    public void Dispose() => _gate.Dispose();

    private void Exclusively(Action action)
    {
        _gate.EnterWriteLock();
        try
        {
            action();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private void EnterShared()
    {
        _gate.EnterReadLock();
        if (_deleted || _closed)
        {
            _gate.ExitReadLock();
            ObjectDisposedException.ThrowIf(_closed, this);
            throw new BlockStoreException(BlockStoreError.VolumeNotFound, $"Volume {Id} was deleted.");
        }
    }
}
