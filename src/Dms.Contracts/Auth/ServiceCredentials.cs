namespace Dms.Contracts.Auth;

/// <summary>
/// Spec §3 Service credentials: what an operator imports into a cluster with lbcli. During a
/// cluster-key rotation [OURS] it also carries the next key (to import on every cluster before the
/// promote) and, after a promote, the previous key's id (to delete from every cluster).
/// </summary>
public sealed record ServiceCredentials
{
    /// <summary><c>dms-&lt;uuid&gt;</c>; the credential id on the cluster of the key DMS signs with.</summary>
    public required string PubKeyId { get; init; }

    /// <summary>Base64 of the SPKI PEM public key.</summary>
    public required string PubKey { get; init; }

    /// <summary>[OURS] The key `dms cluster-key new` made, not yet signing anything; absent outside a rotation.</summary>
    public ServiceKey? Next { get; init; }

    /// <summary>[OURS] The key the last promote replaced, while dms keeps its files; absent otherwise.</summary>
    public string? PreviousPubKeyId { get; init; }
}

/// <summary>[OURS] One cluster key as an operator imports it: <c>pubKeyId</c> and base64 PEM <c>pubKey</c>.</summary>
public sealed record ServiceKey
{
    public required string PubKeyId { get; init; }

    public required string PubKey { get; init; }
}
