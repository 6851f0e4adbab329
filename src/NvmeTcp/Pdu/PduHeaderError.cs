namespace NvmeTcp.Pdu;

/// <summary>What a TermReq reports about a rejected PDU: FES and FEI (spec §2.3).</summary>
internal readonly record struct PduHeaderError(FatalErrorStatus Status, uint Information)
{
    /// <summary>Field offsets in the common header, used as FEI for FES 0x01 (spec §2.4).</summary>
    public const uint TypeOffset = 0, FlagsOffset = 1, HeaderLengthOffset = 2, DataOffsetOffset = 3, PduLengthOffset = 4;

    public static PduHeaderError InvalidField(uint offset) => new(FatalErrorStatus.InvalidHeaderField, offset);
}
