namespace NvmeTcp.Target;

/// <summary>
/// Who may connect to a subsystem and which namespaces each host sees. Asked on every Connect and on every
/// command, so a changed ACL takes effect on existing controllers at once.
/// </summary>
public interface ISubsystemAccessPolicy
{
    /// <summary>False refuses Connect with SCT 1 / SC 0x84 (invalid host, spec §7.1).</summary>
    bool IsHostAllowed(string hostNqn);

    /// <summary>False hides the namespace: it is absent from the active list and I/O fails with SC 0x0B.</summary>
    bool IsNamespaceVisible(string hostNqn, uint nsid);
}

/// <summary>Every host may connect and see every namespace.</summary>
public sealed class AllowAllAccessPolicy : ISubsystemAccessPolicy
{
    public static AllowAllAccessPolicy Instance { get; } = new();

    public bool IsHostAllowed(string hostNqn) => true;

    public bool IsNamespaceVisible(string hostNqn, uint nsid) => true;
}

/// <summary>An access policy from two delegates, for callers that keep ACLs elsewhere.</summary>
public sealed class DelegateAccessPolicy(Func<string, bool> isHostAllowed, Func<string, uint, bool> isNamespaceVisible) : ISubsystemAccessPolicy
{
    public bool IsHostAllowed(string hostNqn) => isHostAllowed(hostNqn);

    public bool IsNamespaceVisible(string hostNqn, uint nsid) => isNamespaceVisible(hostNqn, nsid);
}
