using System.Buffers.Binary;
using NvmeTcp.Host;
using NvmeTcp.Nvme;
using NvmeTcp.Pdu;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Target;

/// <summary>Malformed PDUs end that connection with C2HTermReq (spec §2.3/§2.4), never touch a namespace, and the port keeps serving.</summary>
public class MalformedPduTests
{
    private static byte[] Header(PduType type, PduFlags flags, byte hlen, byte pdo, uint plen)
    {
        byte[] pdu = new byte[plen];
        new CommonHeader(type, flags, hlen, pdo, plen).Write(pdu);
        return pdu;
    }

    private static byte[] WriteCapsule(int dataLength, bool corruptHeaderDigest = false, bool digests = false)
    {
        var sqe = CommandBuilder.ReadWrite(IoOpcode.Write, 1, 0, 1);
        sqe.Sgl = SglDescriptor.InCapsule(dataLength);
        byte[] pdu = new byte[128 + dataLength + 4];
        int headerLength = PduEncoder.WriteCapsuleCommand(pdu, sqe, dataLength, digests, digests);
        if (corruptHeaderDigest)
        {
            pdu[headerLength - 1] ^= 0xFF;
        }

        int total = (int)CommonHeader.Read(pdu).PduLength;
        pdu.AsSpan(headerLength, dataLength).Fill(0xEE);
        return pdu[..total];
    }

    public static TheoryData<string, byte[], int, int> MalformedPdus() => new()
    {
        { "unknown type 0x0B", Header((PduType)0x0B, 0, 24, 0, 24), 0x01, 0 },
        { "capsule with hlen 64", Header(PduType.CapsuleCmd, 0, 64, 0, 64), 0x01, 2 },
        { "controller-to-host type", Header(PduType.R2T, 0, 24, 0, 24), 0x01, 0 },
        { "second ICReq", Header(PduType.ICReq, 0, 128, 0, 128), 0x01, 0 },
        { "H2CData without R2T", DataWithoutR2T(), 0x01, 8 },
        { "in-capsule data over the limit", WriteCapsule(64 * 1024), 0x05, 4 },
    };

    private static byte[] DataWithoutR2T()
    {
        byte[] pdu = new byte[24 + 512];
        PduEncoder.WriteDataHeader(pdu, PduType.H2CData, new DataPduHeader(5, 1, 0, 512), last: true, success: false, false, false);
        return pdu;
    }

    [Theory]
    [MemberData(nameof(MalformedPdus))]
    public async Task MalformedPdu_GetsTermReqThenClose_AndTargetKeepsServing(string what, byte[] pdu, int fes, int fei)
    {
        await using var target = new LoopbackTarget();
        await using (RawConnection raw = await RawConnection.OpenAsync(target.EndPoint))
        {
            await raw.SendAsync(pdu);
            byte[] term = await raw.ReadPduAsync();
            Assert.True((byte)PduType.C2HTermReq == term[0], what);
            Assert.Equal(0, term[3]); // pdo stays 0 on TermReq
            Assert.Equal((ushort)fes, BinaryPrimitives.ReadUInt16LittleEndian(term.AsSpan(8)));
            Assert.Equal((uint)fei, BinaryPrimitives.ReadUInt32LittleEndian(term.AsSpan(10)));
            Assert.Equal(pdu[..8], term[24..32]);
            Assert.True(await raw.IsClosedByPeerAsync());
        }

        await AssertStillServesAndUntouchedAsync(target);
    }

    [Fact]
    public async Task HeaderDigestError_GetsTermReqWithFes3()
    {
        await using var target = new LoopbackTarget();
        await using (RawConnection raw = await RawConnection.OpenAsync(target.EndPoint, digests: true))
        {
            await raw.SendAsync(WriteCapsule(512, corruptHeaderDigest: true, digests: true));
            byte[] term = await raw.ReadPduAsync();
            Assert.Equal((byte)PduType.C2HTermReq, term[0]);
            Assert.Equal(0x03, BinaryPrimitives.ReadUInt16LittleEndian(term.AsSpan(8)));
            Assert.True(await raw.IsClosedByPeerAsync());
        }

        await AssertStillServesAndUntouchedAsync(target);
    }

    [Fact]
    public async Task CapsuleBeforeConnect_IsRejectedWithSequenceError()
    {
        await using var target = new LoopbackTarget();
        await using RawConnection raw = await RawConnection.OpenAsync(target.EndPoint);
        await raw.SendAsync(WriteCapsule(512));
        byte[] response = await raw.ReadPduAsync();
        Assert.Equal((byte)PduType.CapsuleResp, response[0]);
        Assert.Equal(NvmeStatus.CommandSequenceError, CompletionQueueEntry.Read(response.AsSpan(8)).NvmeStatus);
        Assert.All(target.Backends[0].Contents.ToArray(), b => Assert.Equal(0, b));
    }

    private static async Task AssertStillServesAndUntouchedAsync(LoopbackTarget target)
    {
        Assert.All(target.Backends[0].Contents.ToArray(), b => Assert.Equal(0, b));
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        await device.WriteAsync(0, new byte[512]);
    }
}
