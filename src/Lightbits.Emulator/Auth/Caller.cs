namespace Lightbits.Emulator.Auth;

public enum AccessKind
{
    Read,
    Write,
}

/// <summary>
/// An authenticated caller and the roles its token grants. A credential of project P only grants
/// P-scoped roles; a system credential may grant any (spec lightbits-api.md §7.3 rule 6).
/// </summary>
public sealed record Caller(string KeyId, IReadOnlySet<string> Roles)
{
    public const string ClusterAdminRole = "system:cluster-admin";

    public bool IsClusterAdmin => Roles.Contains(ClusterAdminRole);

    public bool May(string project, AccessKind access) =>
        IsClusterAdmin
        || Roles.Contains($"{project}:admin")
        || (access == AccessKind.Read && Roles.Contains($"{project}:viewer"));

    public bool HasAnyProjectRole => Roles.Any(r => r.EndsWith(":admin", StringComparison.Ordinal) || r.EndsWith(":viewer", StringComparison.Ordinal));
}
