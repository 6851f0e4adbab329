using System.Collections.Concurrent;
using Dms.Cloning.Verification;

namespace Dms.Service.Cloning;

/// <summary>
/// Source hashes taken by a copy, kept in memory for the verify step that follows it. After a
/// restart there is none, and verification reads the source again instead.
/// </summary>
internal sealed class ChecksumCache
{
    private readonly ConcurrentDictionary<Guid, ChecksumLog> _logs = new();

    public ChecksumLog For(Guid workflowId, int chunkCount)
    {
        var log = _logs.GetOrAdd(workflowId, _ => new ChecksumLog(chunkCount));
        return log.ChunkCount == chunkCount ? log : _logs[workflowId] = new ChecksumLog(chunkCount);
    }

    public ChecksumLog? Find(Guid workflowId, int chunkCount) =>
        _logs.TryGetValue(workflowId, out var log) && log.ChunkCount == chunkCount ? log : null;

    public void Release(Guid workflowId) => _logs.TryRemove(workflowId, out _);
}
