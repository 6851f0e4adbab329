namespace Dms.Cloning.Copy;

/// <summary>
/// Chunks complete out of order; the watermark is the end of the longest done prefix of the plan —
/// the point a restarted copy may resume from.
/// </summary>
internal sealed class Watermark(CopyPlan plan)
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _doneAhead = [];
    private int _nextUndone;

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

    /// <summary>Byte offset below which every planned chunk is done.</summary>
    public long Position
    {
        get
        {
            lock (_lock)
            {
                return _nextUndone == 0 ? 0 : plan[_nextUndone - 1].End;
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
                return _nextUndone >= plan.ChunkCount ? plan.LogicalTotal : plan[_nextUndone].Offset;
            }
        }
    }
}
