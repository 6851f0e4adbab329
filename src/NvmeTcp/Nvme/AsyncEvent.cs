namespace NvmeTcp.Nvme;

/// <summary>
/// An Asynchronous Event Request's completion DW0 (NVMe Base 2.0 §5.2): bits 2:0 the event type, 15:8 its information,
/// 23:16 the log page that clears it. Linux decodes only the first two (core.c nvme_aer_type, nvme_aer_subtype).
/// </summary>
internal readonly record struct AsyncEvent(uint Result)
{
    public const byte NoticeType = 0x2;
    public const byte NamespaceAttributeChanged = 0x00;

    /// <summary>A namespace attribute changed notice cleared by reading the Changed Namespace List (0x04).</summary>
    public const uint NamespaceAttributeChangedResult = 0x00040002;

    /// <summary>Asynchronous Event Configuration bit 8: namespace attribute notices (also OAES bit 8 in Identify Controller).</summary>
    public const uint NamespaceAttributeNotices = 1u << 8;

    public byte Type => (byte)(Result & 0x7);
    public byte Information => (byte)(Result >> 8);
    public byte LogPage => (byte)(Result >> 16);

    public bool IsNamespaceAttributeChanged => Type == NoticeType && Information == NamespaceAttributeChanged;

    public override string ToString() => $"0x{Result:X8} (type {Type}, information 0x{Information:X2}, log page 0x{LogPage:X2})";
}
