namespace NvmeTcp.Pdu;

/// <summary>Per-type facts from the PDU type table (spec §2.2).</summary>
internal static class PduRules
{
    public const int TermReqMaxData = 128;

    /// <summary>Admin and fabrics commands may carry up to 8 KiB in-capsule (spec §6).</summary>
    public const int AdminInCapsuleLimit = 8192;

    public static bool IsKnown(PduType type) => type is PduType.ICReq or PduType.ICResp or PduType.H2CTermReq
        or PduType.C2HTermReq or PduType.CapsuleCmd or PduType.CapsuleResp or PduType.H2CData or PduType.C2HData or PduType.R2T;

    public static bool IsHostToController(PduType type) => ((byte)type & 1) == 0;

    public static byte HeaderLength(PduType type) => type switch
    {
        PduType.ICReq or PduType.ICResp => 128,
        PduType.CapsuleCmd => 72,
        _ => 24,
    };

    public static PduFlags AllowedFlags(PduType type) => type switch
    {
        PduType.CapsuleCmd => PduFlags.HeaderDigest | PduFlags.DataDigest,
        PduType.CapsuleResp or PduType.R2T => PduFlags.HeaderDigest,
        PduType.H2CData => PduFlags.HeaderDigest | PduFlags.DataDigest | PduFlags.LastPdu,
        PduType.C2HData => PduFlags.HeaderDigest | PduFlags.DataDigest | PduFlags.LastPdu | PduFlags.Success,
        _ => PduFlags.None,
    };

    /// <summary>ICReq/ICResp/TermReq are never digested (spec §3).</summary>
    public static bool IsDigested(PduType type) => type is PduType.CapsuleCmd or PduType.CapsuleResp
        or PduType.H2CData or PduType.C2HData or PduType.R2T;

    /// <summary>Types whose data is located by pdo (TermReq data simply follows the header with pdo 0).</summary>
    public static bool CarriesDataAtPdo(PduType type) => type is PduType.CapsuleCmd or PduType.H2CData or PduType.C2HData;

    public static bool IsTermReq(PduType type) => type is PduType.H2CTermReq or PduType.C2HTermReq;
}
