namespace NvmeTcp.Nvme;

/// <summary>NQNs with a protocol-defined meaning (spec §1).</summary>
public static class WellKnownNqn
{
    public const string Discovery = "nqn.2014-08.org.nvmexpress.discovery";

    /// <summary>A UUID-based NQN, the form Linux generates for a host.</summary>
    public static string FromUuid(Guid uuid) => "nqn.2014-08.org.nvmexpress:uuid:" + uuid.ToString("D");
}
