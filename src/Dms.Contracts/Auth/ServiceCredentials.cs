namespace Dms.Contracts.Auth;

/// <summary>Spec §3 Service credentials: what an operator imports into a cluster with lbcli.</summary>
public sealed record ServiceCredentials
{
    /// <summary><c>dms-&lt;uuid&gt;</c>; the credential id on the cluster.</summary>
    public required string PubKeyId { get; init; }

    /// <summary>Base64 of the SPKI PEM public key.</summary>
    public required string PubKey { get; init; }
}
