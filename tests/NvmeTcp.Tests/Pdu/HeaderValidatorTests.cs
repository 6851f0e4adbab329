using NvmeTcp.Pdu;

namespace NvmeTcp.Tests.Pdu;

/// <summary>Each rule of spec §2.4 → FES 0x01 with FEI = offset of the offending field.</summary>
public class HeaderValidatorTests
{
    private static readonly HeaderValidator Controller = new(ReceiverIsController: true, HeaderDigest: false, DataDigest: false);
    private static readonly HeaderValidator ControllerWithDigests = new(ReceiverIsController: true, HeaderDigest: true, DataDigest: true);
    private static readonly HeaderValidator Host = new(ReceiverIsController: false, HeaderDigest: false, DataDigest: false);

    public static TheoryData<string, byte[], uint> InvalidForController() => new()
    {
        { "unknown type", Encode(new CommonHeader((PduType)0x0B, 0, 24, 0, 24)), 0 },
        { "controller-to-host type", Encode(new CommonHeader(PduType.CapsuleResp, 0, 24, 0, 24)), 0 },
        { "ICReq after initialisation", Encode(new CommonHeader(PduType.ICReq, 0, 128, 0, 128)), 0 },
        { "LAST on a capsule", Encode(new CommonHeader(PduType.CapsuleCmd, PduFlags.LastPdu, 72, 0, 72)), 1 },
        { "header digest not negotiated", Encode(new CommonHeader(PduType.CapsuleCmd, PduFlags.HeaderDigest, 72, 0, 76)), 1 },
        { "flags on a TermReq", Encode(new CommonHeader(PduType.H2CTermReq, PduFlags.HeaderDigest, 24, 0, 24)), 1 },
        { "capsule hlen 64", Encode(new CommonHeader(PduType.CapsuleCmd, 0, 64, 0, 64)), 2 },
        { "H2CData hlen 72", Encode(new CommonHeader(PduType.H2CData, PduFlags.LastPdu, 72, 72, 100)), 2 },
        { "pdo inside the header", Encode(new CommonHeader(PduType.CapsuleCmd, 0, 72, 40, 600)), 3 },
        { "data without pdo", Encode(new CommonHeader(PduType.CapsuleCmd, 0, 72, 0, 600)), 3 },
        { "pdo past plen", Encode(new CommonHeader(PduType.H2CData, PduFlags.LastPdu, 24, 200, 100)), 3 },
        { "pdo on a TermReq", Encode(new CommonHeader(PduType.H2CTermReq, 0, 24, 24, 32)), 3 },
        { "pdo not 4-byte aligned", Encode(new CommonHeader(PduType.CapsuleCmd, 0, 72, 74, 600)), 3 },
        { "plen below hlen", Encode(new CommonHeader(PduType.H2CTermReq, 0, 24, 0, 16)), 4 },
        { "TermReq too long", Encode(new CommonHeader(PduType.H2CTermReq, 0, 24, 0, 200)), 4 },
        { "H2CData without data", Encode(new CommonHeader(PduType.H2CData, PduFlags.LastPdu, 24, 0, 24)), 4 },
    };

    private static byte[] Encode(CommonHeader header)
    {
        byte[] bytes = new byte[CommonHeader.Size];
        header.Write(bytes);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(InvalidForController))]
    public void Validate_BrokenRule_ReportsInvalidFieldAtItsOffset(string rule, byte[] header, uint fieldOffset)
    {
        PduHeaderError? error = Controller.Validate(CommonHeader.Read(header));
        Assert.True(error is not null, rule);
        Assert.Equal(PduHeaderError.InvalidField(fieldOffset), error);
    }

    [Fact]
    public void Validate_DataDigestFlagMissingWhenNegotiated_ReportsFlags()
    {
        var header = new CommonHeader(PduType.H2CData, PduFlags.HeaderDigest | PduFlags.LastPdu, 24, 28, 28 + 512);
        Assert.Equal(PduHeaderError.InvalidField(1), ControllerWithDigests.Validate(header));
    }

    [Fact]
    public void Validate_DataDigestFlagOnCapsuleWithoutData_ReportsFlags()
    {
        var header = new CommonHeader(PduType.CapsuleCmd, PduFlags.HeaderDigest | PduFlags.DataDigest, 72, 0, 76);
        Assert.Equal(PduHeaderError.InvalidField(1), ControllerWithDigests.Validate(header));
    }

    [Fact]
    public void Validate_SuccessWithoutLast_ReportsFlags() =>
        Assert.Equal(PduHeaderError.InvalidField(1), Host.Validate(new CommonHeader(PduType.C2HData, PduFlags.Success, 24, 24, 100)));

    [Fact]
    public void Validate_CapsuleResponseCarryingData_ReportsPlen() =>
        Assert.Equal(PduHeaderError.InvalidField(4), Host.Validate(new CommonHeader(PduType.CapsuleResp, 0, 24, 0, 40)));

    [Fact]
    public void Validate_CapsuleBeforeICReq_IsSequenceError() =>
        Assert.Equal(FatalErrorStatus.PduSequenceError, Controller.Validate(new CommonHeader(PduType.CapsuleCmd, 0, 72, 0, 72), initialized: false)!.Value.Status);

    [Fact]
    public void Validate_WellFormedPdus_Pass()
    {
        Assert.Null(Controller.Validate(new CommonHeader(PduType.CapsuleCmd, 0, 72, 72, 72 + 4096)));
        Assert.Null(ControllerWithDigests.Validate(new CommonHeader(PduType.H2CData, PduFlags.HeaderDigest | PduFlags.DataDigest | PduFlags.LastPdu, 24, 28, 28 + 4096 + 4)));
        Assert.Null(Controller.Validate(new CommonHeader(PduType.H2CTermReq, 0, 24, 0, 32)));
        Assert.Null(Host.Validate(new CommonHeader(PduType.C2HData, PduFlags.LastPdu | PduFlags.Success, 24, 24, 24 + 512)));
        Assert.Null(Host.Validate(new CommonHeader(PduType.R2T, 0, 24, 0, 24)));
        Assert.Null(Controller.Validate(new CommonHeader(PduType.ICReq, 0, 128, 0, 128), initialized: false));
    }
}
