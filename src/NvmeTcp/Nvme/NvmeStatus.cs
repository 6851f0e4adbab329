namespace NvmeTcp.Nvme;

/// <summary>
/// An NVMe completion status: status code type, status code and Do Not Retry (spec §5, §5.1).
/// </summary>
public readonly record struct NvmeStatus(byte StatusCodeType, byte StatusCode, bool DoNotRetry = false)
{
    public const byte GenericType = 0, CommandSpecificType = 1, MediaType = 2, PathType = 3;

    public static NvmeStatus Success => default;
    public static NvmeStatus InvalidOpcode => new(GenericType, 0x01, true);
    public static NvmeStatus InvalidField => new(GenericType, 0x02, true);
    public static NvmeStatus DataTransferError => new(GenericType, 0x04);
    public static NvmeStatus InternalError => new(GenericType, 0x06);
    public static NvmeStatus InvalidNamespace => new(GenericType, 0x0B, true);
    public static NvmeStatus CommandSequenceError => new(GenericType, 0x0C, true);
    public static NvmeStatus DataSglLengthInvalid => new(GenericType, 0x0F, true);
    public static NvmeStatus SglDescriptorTypeInvalid => new(GenericType, 0x11, true);
    public static NvmeStatus SglOffsetInvalid => new(GenericType, 0x16, true);
    public static NvmeStatus TransientTransportError => new(GenericType, 0x22);
    public static NvmeStatus LbaOutOfRange => new(GenericType, 0x80, true);
    public static NvmeStatus CapacityExceeded => new(GenericType, 0x81, true);
    public static NvmeStatus InvalidQueueIdentifier => new(CommandSpecificType, 0x01, true);
    public static NvmeStatus AsyncEventLimitExceeded => new(CommandSpecificType, 0x05, true);
    public static NvmeStatus InvalidLogPage => new(CommandSpecificType, 0x09, true);
    public static NvmeStatus ConnectIncompatibleFormat => new(CommandSpecificType, 0x80, true);
    public static NvmeStatus ConnectInvalidParameters => new(CommandSpecificType, 0x82, true);
    public static NvmeStatus ConnectInvalidHost => new(CommandSpecificType, 0x84, true);
    public static NvmeStatus AsymmetricAccessInaccessible => new(PathType, 0x02);

    public bool IsSuccess => StatusCodeType == 0 && StatusCode == 0;

    /// <summary>True for SCT 3 / SC 0x02: this path cannot reach the namespace, another path may.</summary>
    public bool IsAnaInaccessible => StatusCodeType == PathType && StatusCode == 0x02;

    /// <summary>Decodes the CQE status field: bits 8:1 SC, 11:9 SCT, 15 DNR (spec §5).</summary>
    public static NvmeStatus FromStatusField(ushort status) =>
        new((byte)((status >> 9) & 7), (byte)(status >> 1), (status & 0x8000) != 0);

    public ushort ToStatusField() => (ushort)((StatusCode << 1) | ((StatusCodeType & 7) << 9) | (DoNotRetry ? 0x8000 : 0));

    public override string ToString() => $"SCT 0x{StatusCodeType:X} SC 0x{StatusCode:X2}{(DoNotRetry ? " DNR" : "")}";
}
