using Dms.Cloning.Planning;

namespace Dms.Cloning.Copy;

/// <summary>
/// Chunks complete out of order; the watermark is the end of the longest done prefix of the chunks —
/// the point a restarted pass may resume from.
/// </summary>
internal sealed class Watermark(ChunkedExtents chunks, long logicalTotal)
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _doneAhead = [];
    private int _nextUndone;
    private long _completedBytes;

    /// <summary>The first chunk not yet done: where a pass restarted after a failure begins.</summary>
    public int NextUndone
    {
        get
        {
            lock (_lock)
            {
                return _nextUndone;
            }
        }
    }

    public void StartAt(int chunk)
    {
        lock (_lock)
        {
            _nextUndone = chunk;
            _doneAhead.Clear();
            _completedBytes = chunks.BytesBefore(chunk);
        }
    }

    public void Complete(int chunk)
    {
        var length = chunks[chunk].Length;
        lock (_lock)
        {
            _completedBytes += length;
            if (chunk != _nextUndone)
            {
                _doneAhead.Add(chunk);
                return;
            }
            _nextUndone++;
            while (_doneAhead.Remove(_nextUndone))
            {
                _nextUndone++;
            }
        }
    }

    /// <summary>Byte offset below which every chunk is done.</summary>
    public long Position
    {
        get
        {
            lock (_lock)
            {
                return _nextUndone == 0 ? 0 : chunks[_nextUndone - 1].End;
            }
        }
    }

    /// <summary>
    /// Bytes of the chunks done, in order or ahead of it: the work done, in the unit of the plan
    /// (a sparse volume's holes count for nothing here, unlike in <see cref="LogicalDone"/>).
    /// </summary>
    public long CompletedBytes
    {
        get
        {
            lock (_lock)
            {
                return _completedBytes;
            }
        }
    }

    /// <summary>Position in the volume: holes before the next undone chunk count as done.</summary>
    public long LogicalDone
    {
        get
        {
            lock (_lock)
            {
                return _nextUndone >= chunks.Count ? logicalTotal : chunks[_nextUndone].Offset;
            }
        }
    }
}
