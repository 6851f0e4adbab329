namespace NvmeTcp.Pdu;

/// <summary>PDU types (spec §2.2). Bit 0 is the direction: even = host→controller.</summary>
internal enum PduType : byte
{
    ICReq = 0x00,
    ICResp = 0x01,
    H2CTermReq = 0x02,
    C2HTermReq = 0x03,
    CapsuleCmd = 0x04,
    CapsuleResp = 0x05,
    H2CData = 0x06,
    C2HData = 0x07,
    R2T = 0x09,
}

/// <summary>Common header flags (spec §2.1).</summary>
[Flags]
internal enum PduFlags : byte
{
    None = 0,
    HeaderDigest = 0x01,
    DataDigest = 0x02,
    LastPdu = 0x04,
    Success = 0x08,
}

/// <summary>Fatal error status carried by H2CTermReq/C2HTermReq (spec §2.3).</summary>
internal enum FatalErrorStatus : ushort
{
    InvalidHeaderField = 0x01,
    PduSequenceError = 0x02,
    HeaderDigestError = 0x03,
    DataTransferOutOfRange = 0x04,
    DataTransferLimitExceeded = 0x05,
    UnsupportedParameter = 0x06,
}
