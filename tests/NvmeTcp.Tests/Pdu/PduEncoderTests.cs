using NvmeTcp.Nvme;
using NvmeTcp.Pdu;

namespace NvmeTcp.Tests.Pdu;

public class PduEncoderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void CapsuleCommand_PropertyGetCapWithHeaderDigest_MatchesGoldenPdu()
    {
        // Spec §3 golden PDU: Property Get CAP, CID 1, header digest, 76 bytes.
        byte[] expected = new byte[76];
        Hex("04 01 48 00 4c 00 00 00 7f 40 01 00 04 00 00 00").CopyTo(expected, 0);
        expected[0x30] = 0x01;
        Hex("56 81 cf 39").CopyTo(expected, 72);

        SubmissionQueueEntry sqe = CommandBuilder.PropertyGet(ControllerProperty.Capabilities, eightBytes: true);
        sqe.CommandId = 1;
        sqe.Flags = SubmissionQueueEntry.SglFlags;
        byte[] pdu = new byte[128];
        int length = PduEncoder.WriteCapsuleCommand(pdu, sqe, 0, headerDigest: true, dataDigest: true);

        Assert.Equal(expected, pdu[..length]);
    }

    [Fact]
    public void CapsuleResponse_FromLinuxTarget_DecodesAndReencodesByteExact()
    {
        byte[] golden = Hex("05 01 18 00 1c 00 00 00 02 00 00 00 00 00 00 00 01 00 00 00 01 00 00 00 09 a8 8e fc");
        CommonHeader ch = CommonHeader.Read(golden);
        Assert.Equal(PduType.CapsuleResp, ch.Type);
        Assert.True(Crc32C.Verify(golden.AsSpan(0, 24), golden.AsSpan(24)));
        CompletionQueueEntry cqe = CompletionQueueEntry.Read(golden.AsSpan(8));
        Assert.Equal(2u, cqe.Dw0);
        Assert.Equal(1, cqe.CommandId);
        Assert.Equal(1, cqe.SqHead);

        byte[] pdu = new byte[64];
        int length = PduEncoder.WriteCapsuleResponse(pdu, cqe, headerDigest: true);
        Assert.Equal(golden, pdu[..length]);
    }

    [Fact]
    public void CapsuleCommand_WithInCapsuleData_PutsDataRightAfterHeaderDigest()
    {
        var sqe = new SubmissionQueueEntry { Opcode = IoOpcode.Write, Sgl = SglDescriptor.InCapsule(512) };
        byte[] pdu = new byte[128];
        int length = PduEncoder.WriteCapsuleCommand(pdu, sqe, 512, headerDigest: true, dataDigest: true);
        CommonHeader ch = CommonHeader.Read(pdu);
        Assert.Equal(76, length);
        Assert.Equal(76, ch.DataOffset);
        Assert.Equal(76u + 512 + 4, ch.PduLength);
        Assert.Equal(PduFlags.HeaderDigest | PduFlags.DataDigest, ch.Flags);
        Assert.Equal(512, ch.DataLength);
    }

    [Fact]
    public void CapsuleCommand_WithoutDataOrDigests_HasZeroPdoAndPlen72()
    {
        byte[] pdu = new byte[128];
        int length = PduEncoder.WriteCapsuleCommand(pdu, new SubmissionQueueEntry { Opcode = AdminOpcode.KeepAlive }, 0, false, true);
        Assert.Equal(72, length);
        Assert.Equal(new CommonHeader(PduType.CapsuleCmd, PduFlags.None, 72, 0, 72), CommonHeader.Read(pdu));
    }

    [Fact]
    public void C2HData_LastWithDigests_HasSpecLayout()
    {
        byte[] pdu = new byte[64];
        int length = PduEncoder.WriteDataHeader(pdu, PduType.C2HData, new DataPduHeader(7, 0, 4096, 8192), last: true, success: false, true, true);
        Assert.Equal(28, length);
        byte[] expected = Hex("07 07 18 1c 20 20 00 00 07 00 00 00 00 10 00 00 00 20 00 00 00 00 00 00");
        Assert.Equal(expected, pdu[..24]);
        Assert.True(Crc32C.Verify(pdu.AsSpan(0, 24), pdu.AsSpan(24, 4)));
    }

    [Fact]
    public void R2T_HasNoDataAndSpecFields()
    {
        byte[] pdu = new byte[64];
        int length = PduEncoder.WriteR2T(pdu, new DataPduHeader(3, 9, 0, 65536), headerDigest: false);
        Assert.Equal(Hex("09 00 18 00 18 00 00 00 03 00 09 00 00 00 00 00 00 00 01 00 00 00 00 00"), pdu[..length]);
    }

    [Fact]
    public void ICReq_EncodesSpecLayout()
    {
        byte[] pdu = new byte[128];
        new ICReq(0, 0, HeaderDigest: true, DataDigest: false, MaxR2T: 0).Write(pdu);
        Assert.Equal(Hex("00 00 80 00 80 00 00 00 00 00 00 01 00 00 00 00"), pdu[..16]);
        Assert.All(pdu[16..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void ICResp_RoundTripsMaxH2CData()
    {
        byte[] pdu = new byte[128];
        new ICResp(0, 0, true, true, 0x400000).Write(pdu);
        Assert.Equal(Hex("01 00 80 00 80 00 00 00 00 00 00 03 00 00 40 00"), pdu[..16]);
        Assert.Equal(new ICResp(0, 0, true, true, 0x400000), ICResp.Read(pdu));
    }

    [Fact]
    public void TermReq_CarriesFesFeiAndOffendingHeaderWithZeroPdo()
    {
        byte[] pdu = new byte[TermReq.MaxSize];
        byte[] offending = Hex("04 00 40 00 48 00 00 00");
        int length = TermReq.Write(pdu, fromController: true, PduHeaderError.InvalidField(2), offending);
        Assert.Equal(32, length);
        Assert.Equal(Hex("03 00 18 00 20 00 00 00 01 00 02 00 00 00"), pdu[..14]);
        Assert.Equal(offending, pdu[24..32]);
        Assert.Equal(PduHeaderError.InvalidField(2), TermReq.Read(pdu));
    }

    [Theory]
    [InlineData(0x01, "01 00 00 00 00 00 00 00 00 02 00 00 00 00 00 01")]
    [InlineData(0x5A, "00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 5a")]
    public void SglDescriptor_EncodesIdentifierInByte15(byte identifier, string expectedHex)
    {
        var sgl = identifier == 0x01 ? SglDescriptor.InCapsule(512) : SglDescriptor.Transport(512);
        if (identifier == 0x01)
        {
            sgl = sgl with { Address = 1 };
        }

        byte[] bytes = new byte[16];
        sgl.Write(bytes);
        Assert.Equal(Hex(expectedHex), bytes);
        Assert.Equal(sgl, SglDescriptor.Read(bytes));
    }

    [Fact]
    public void CompletionStatus_DecodesSctScAndDnr()
    {
        NvmeStatus status = NvmeStatus.FromStatusField((ushort)((0x84 << 1) | (1 << 9) | 0x8000));
        Assert.Equal(new NvmeStatus(1, 0x84, true), status);
        Assert.Equal(NvmeStatus.ConnectInvalidHost.ToStatusField(), status.ToStatusField());
    }
}
