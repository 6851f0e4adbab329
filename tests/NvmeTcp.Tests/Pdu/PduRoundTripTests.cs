using NvmeTcp.Nvme;
using NvmeTcp.Pdu;

namespace NvmeTcp.Tests.Pdu;

/// <summary>Property-style: random field values survive encode → decode, and encoded headers pass validation.</summary>
public class PduRoundTripTests
{
    [Fact]
    public void RandomSubmissionEntries_RoundTrip()
    {
        var random = new Random(42);
        byte[] bytes = new byte[64];
        for (int i = 0; i < 1000; i++)
        {
            random.NextBytes(bytes);
            SubmissionQueueEntry sqe = SubmissionQueueEntry.Read(bytes);
            byte[] again = new byte[64];
            sqe.Write(again);
            // Bytes 12-14 of the SGL are reserved and written as zero.
            bytes[24 + 12] = bytes[24 + 13] = bytes[24 + 14] = 0;
            Assert.Equal(bytes, again);
        }
    }

    [Fact]
    public void RandomCompletionEntries_RoundTrip()
    {
        var random = new Random(43);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 1000; i++)
        {
            random.NextBytes(bytes);
            byte[] again = new byte[16];
            CompletionQueueEntry.Read(bytes).Write(again);
            Assert.Equal(bytes, again);
        }
    }

    [Fact]
    public void RandomCapsulesAndDataPdus_DecodeToWhatWasEncodedAndValidate()
    {
        var random = new Random(44);
        byte[] pdu = new byte[PduEncoder.MaxHeaderBytes];
        for (int i = 0; i < 1000; i++)
        {
            bool hd = random.Next(2) == 1, dd = random.Next(2) == 1;
            var controllerSide = new HeaderValidator(ReceiverIsController: true, hd, dd);
            var hostSide = new HeaderValidator(ReceiverIsController: false, hd, dd);
            int dataLength = random.Next(2) == 0 ? 0 : random.Next(1, 65536);
            var sqe = new SubmissionQueueEntry { Opcode = (byte)random.Next(256), CommandId = (ushort)random.Next(65536), NamespaceId = (uint)random.Next() };
            PduEncoder.WriteCapsuleCommand(pdu, sqe, dataLength, hd, dd);
            CommonHeader ch = CommonHeader.Read(pdu);
            Assert.Null(controllerSide.Validate(ch));
            Assert.Equal(dataLength, ch.DataLength);
            Assert.Equal(sqe.CommandId, SubmissionQueueEntry.Read(pdu.AsSpan(8)).CommandId);

            var data = new DataPduHeader((ushort)random.Next(65536), (ushort)random.Next(65536), (uint)random.Next(), (uint)random.Next(1, 1 << 20));
            bool last = random.Next(2) == 1;
            PduEncoder.WriteDataHeader(pdu, PduType.C2HData, data, last, success: last && random.Next(2) == 1, hd, dd);
            ch = CommonHeader.Read(pdu);
            Assert.Null(hostSide.Validate(ch));
            Assert.Equal(data, DataPduHeader.Read(pdu));
            Assert.Equal((int)data.Length, ch.DataLength);
            if (hd)
            {
                Assert.True(Crc32C.Verify(pdu.AsSpan(0, 24), pdu.AsSpan(24, 4)));
            }
        }
    }
}
