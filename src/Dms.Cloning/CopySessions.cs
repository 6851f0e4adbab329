using System.Collections.Concurrent;

namespace Dms.Cloning;

/// <summary>
/// The open copy sessions of this instance, by workflow. After a restart there is none, and the
/// session is opened (and planned) again; verification then reads the source instead of the hashes.
/// </summary>
public sealed class CopySessions
{
    private readonly ConcurrentDictionary<Guid, CopySession> _sessions = new();

    /// <summary>The workflow's open session, or a new one from <paramref name="open"/>.</summary>
    public async Task<CopySession> GetOrOpenAsync(Guid workflowId, Func<CancellationToken, Task<CopySession>> open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (_sessions.TryGetValue(workflowId, out var session))
        {
            return session;
        }
        session = await open(ct);
        if (_sessions.TryAdd(workflowId, session))
        {
            return session;
        }
        // A workflow runs one step at a time, so this is only reachable by misuse; keep the first session.
        await session.DisposeAsync();
        return _sessions[workflowId];
    }

    /// <summary>Closes the workflow's session, if it has one.</summary>
    public async Task ReleaseAsync(Guid workflowId)
    {
        if (_sessions.TryRemove(workflowId, out var session))
        {
            await session.DisposeAsync();
        }
    }
}
