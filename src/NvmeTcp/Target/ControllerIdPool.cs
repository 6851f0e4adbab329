namespace NvmeTcp.Target;

/// <summary>
/// Hands out CNTLIDs 1..0xFFEF (spec §7.1), none twice while it is in use. A subsystem has one pool shared by
/// every port that serves it, because Linux refuses a second path to a subsystem whose CNTLID another path
/// already has (drivers/nvme/host/core.c nvme_validate_cntlid: "Duplicate cntlid %u with %s, rejecting");
/// discovery controllers draw from their port's own pool.
/// </summary>
internal sealed class ControllerIdPool
{
    public const ushort MaxControllerId = 0xFFEF;

    private readonly Lock _sync = new();
    private readonly HashSet<ushort> _inUse = [];
    private ushort _last;

    /// <summary>The next free CNTLID after the last one handed out (so a freed one is not reused at once).</summary>
    public bool TryTake(out ushort controllerId)
    {
        lock (_sync)
        {
            for (int attempt = 0; attempt < MaxControllerId; attempt++)
            {
                _last = (ushort)(_last % MaxControllerId + 1);
                if (_inUse.Add(_last))
                {
                    controllerId = _last;
                    return true;
                }
            }
        }

        controllerId = 0;
        return false;
    }

    public void Return(ushort controllerId)
    {
        lock (_sync)
        {
            _inUse.Remove(controllerId);
        }
    }
}
