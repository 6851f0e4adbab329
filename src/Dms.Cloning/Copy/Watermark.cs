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
        }
    }

    public void Complete(int chunk)
    {
        lock (_lock)
        {
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
