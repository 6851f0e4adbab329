using System.Buffers.Binary;
using System.Net.Sockets;
using NvmeTcp.Host;
using NvmeTcp.Pdu;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Host;

/// <summary>
/// A target that does ICReq, Connect and Identify properly and then breaks the data transfer rules
/// (spec §6): the host fails the command with an <see cref="NvmeException"/> naming what the target did,
/// ends the connection with the H2CTermReq of spec §2.3, does not hang, and its next I/O works on a new
/// connection.
/// </summary>
public class HostileTargetTests
{
    private const byte Write = 0x01, Read = 0x02;

    /// <summary>Above the 16 KiB in-capsule limit, so the data goes by R2T (spec §6).</summary>
    private const int WriteLength = 64 * 1024;
    private const int ReadLength = 8192;

    /// <summary>Fills more than any socket buffer on the way, so a target that stops reading keeps an R2T's answer stuck.</summary>
    private const int StuckWriteLength = 32 << 20;

    /// <summary>A hang detector, never a synchronisation: every failure here comes within about a second.</summary>
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task R2TOverlappingDataAlreadyRequested_FailsTheWrite_WithSequenceError()
    {
        Outcome outcome = await WriteMeetsAsync(async m =>
        {
            await m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, 8192));
            await m.Link.ReadDataUntilLastAsync();
            await m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 4096, 4096));
        });

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId} at offset 4096 length 4096 overlapping data already requested up to 8192", fes: 0x02, fei: 0);
    }

    [Fact]
    public async Task R2TLeavingAGap_FailsTheWrite_WithSequenceError()
    {
        Outcome outcome = await WriteMeetsAsync(async m =>
        {
            await m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, 8192));
            await m.Link.ReadDataUntilLastAsync();
            await m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 12288, 4096));
        });

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId} at offset 12288 length 4096 leaving a gap after data requested up to 8192", fes: 0x02, fei: 0);
    }

    [Theory]
    [InlineData(0u, (uint)WriteLength + 4096)]
    [InlineData(0u, 0xFFFFFFFFu)]
    [InlineData(0xFFFFF000u, 0x2000u)] // wraps to 0x1000 in 32 bits
    public async Task R2TBeyondTheTransferLength_FailsTheWrite_WithOutOfRange(uint offset, uint length)
    {
        Outcome outcome = await WriteMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, offset, length)));

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId} at offset {offset} length {length} beyond the command's {WriteLength}-byte transfer", fes: 0x04, fei: 0);
    }

    [Fact]
    public async Task R2TOfLengthZero_FailsTheWrite_PointingAtR2TL()
    {
        Outcome outcome = await WriteMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, 0)));

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId} at offset 0 length 0; R2TL must not be 0", fes: 0x01, fei: DataPduHeader.DataLengthOffset);
    }

    [Theory]
    [InlineData(1)] // a free CID of the queue: only the write is in flight there
    [InlineData(1000)] // beyond the queue depth
    public async Task R2TForACommandNotOutstanding_FailsTheWrite_PointingAtCccid(int cidAfterTheWrite)
    {
        ushort unknown = 0;
        Outcome outcome = await WriteMeetsAsync(m =>
        {
            unknown = (ushort)(m.Command.CommandId + cidAfterTheWrite);
            return m.Link.SendToHostAsync(TargetPdus.R2T(unknown, 0, 4096));
        });

        outcome.AssertViolation($"target sent R2T for command {unknown}, which is not outstanding on queue", fes: 0x01, fei: DataPduHeader.CommandIdOffset);
    }

    [Fact]
    public async Task R2TForARead_FailsTheRead_PointingAtCccid()
    {
        Outcome outcome = await ReadMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, 4096)));

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId}, which has no data to request (it is not a write)", fes: 0x01, fei: DataPduHeader.CommandIdOffset);
    }

    [Fact]
    public async Task R2TForAnInCapsuleWrite_FailsTheWrite_PointingAtCccid()
    {
        Outcome outcome = await MisbehaveAsync(d => d.WriteAsync(0, new byte[4096]).AsTask(), Write,
            m => m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, 4096)));

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId}, which has no data to request (its data went in-capsule)", fes: 0x01, fei: DataPduHeader.CommandIdOffset);
    }

    [Fact]
    public async Task R2TFlood_BeyondMaxR2T_FailsTheWrite_AndTheHostStopsReading()
    {
        const int batch = 256, cap = 2_000_000; // 48 MB of R2Ts: far more than every socket buffer between us holds
        int sent = 0;
        Exception? stoppedBy = null;
        Outcome outcome = await MisbehaveAsync(d => d.WriteAsync(0, new byte[StuckWriteLength]).AsTask(), Write, async m =>
        {
            // Contiguous 4 KiB R2Ts inside the write, so only MAXR2T is broken. We never read the data: once
            // the buffers are full one answer is stuck, and the R2T after the next one exceeds MAXR2T 0.
            try
            {
                while (sent < cap)
                {
                    byte[] r2ts = new byte[batch * DataPduHeader.Size];
                    for (int i = 0; i < batch; i++)
                    {
                        TargetPdus.R2T(m.Command.CommandId, (uint)((sent + i) * 4096L), 4096).CopyTo(r2ts, i * DataPduHeader.Size);
                    }

                    await m.Link.SendToHostAsync(r2ts);
                    sent += batch;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                stoppedBy = e;
            }
        }, StuckTarget(), expectTermReq: false);

        outcome.AssertViolation($"target sent R2T for command {outcome.CommandId} at offset ", fes: null, fei: null);
        Assert.Contains("while 1 earlier R2T(s) for it were still being answered; our ICReq allows 1 at a time (MAXR2T 0)", outcome.Error.Message);
        Assert.True(stoppedBy is not null && sent < cap, $"the host kept reading: {sent} R2Ts went out");
    }

    [Fact]
    public async Task CompletionWhileTheRequestedDataIsStillGoingOut_FailsTheWrite_WithSequenceError()
    {
        Outcome outcome = await MisbehaveAsync(d => d.WriteAsync(0, new byte[StuckWriteLength]).AsTask(), Write, async m =>
        {
            await m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, StuckWriteLength));
            await m.Link.SendToHostAsync(TargetPdus.CapsuleResp(m.Command.CommandId));
            await m.HostFailed; // keep not reading, so the data cannot have arrived
        }, StuckTarget(), expectTermReq: false);

        outcome.AssertViolation($"target completed command {outcome.CommandId} while we were still sending the data it requested up to {StuckWriteLength}", fes: null, fei: null);
    }

    [Fact]
    public async Task SuccessAfterRequestingPartOfTheData_FailsOnlyTheWrite()
    {
        Outcome outcome = await WriteMeetsAsync(async m =>
        {
            await m.Link.SendToHostAsync(TargetPdus.R2T(m.Command.CommandId, 0, 4096));
            await m.Link.ReadDataUntilLastAsync();
            await m.Link.SendToHostAsync(TargetPdus.CapsuleResp(m.Command.CommandId));
        }, expectTermReq: false);

        Assert.Equal(NvmeErrorKind.ProtocolError, outcome.Error.Kind);
        Assert.Equal($"Controller completed a write after requesting 4096 of {WriteLength} bytes.", outcome.Error.Message);
    }

    [Fact]
    public async Task ContiguousR2TsOneAtATime_AreAnswered_AndTheWriteSucceeds()
    {
        await using var target = new HostileTarget(new NvmeTcpTargetOptions { MaxH2CData = 4096 });
        target.OnIoCommand = async (link, command) =>
        {
            if (command.Opcode != Write)
            {
                return true;
            }

            await link.SendToHostAsync(TargetPdus.R2T(command.CommandId, 0, 16384));
            await link.ReadDataUntilLastAsync();
            await link.SendToHostAsync(TargetPdus.R2T(command.CommandId, 16384, WriteLength - 16384));
            await link.ReadDataUntilLastAsync();
            await link.SendToHostAsync(TargetPdus.CapsuleResp(command.CommandId));
            return false;
        };
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());

        await device.WriteAsync(0, new byte[WriteLength]).AsTask().WaitAsync(HangDetector);
    }

    [Fact]
    public async Task C2HDataBeyondTheReadBuffer_FailsTheRead_WithOutOfRange_AndPlacesNothing()
    {
        byte[] buffer = new byte[ReadLength];
        Outcome outcome = await MisbehaveAsync(d => d.ReadAsync(0, buffer).AsTask(), Read,
            m => m.Link.SendToHostAsync(TargetPdus.C2HData(m.Command.CommandId, 0, 2 * ReadLength)));

        outcome.AssertViolation($"target sent C2HData for command {outcome.CommandId} at offset 0 length {2 * ReadLength} beyond the command's {ReadLength}-byte transfer", fes: 0x04, fei: 0);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task C2HDataOverlappingDataAlreadyReceived_FailsTheRead_WithSequenceError()
    {
        Outcome outcome = await ReadMeetsAsync(async m =>
        {
            await m.Link.SendToHostAsync(TargetPdus.C2HData(m.Command.CommandId, 0, 4096, last: false));
            await m.Link.SendToHostAsync(TargetPdus.C2HData(m.Command.CommandId, 0, 4096));
        });

        outcome.AssertViolation($"target sent C2HData for command {outcome.CommandId} at offset 0 length 4096 overlapping data already received up to 4096", fes: 0x02, fei: 0);
    }

    [Fact]
    public async Task C2HDataLeavingAGap_FailsTheRead_WithSequenceError()
    {
        Outcome outcome = await ReadMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.C2HData(m.Command.CommandId, 4096, 4096)));

        outcome.AssertViolation($"target sent C2HData for command {outcome.CommandId} at offset 4096 length 4096 leaving a gap after data received up to 0", fes: 0x02, fei: 0);
    }

    [Fact]
    public async Task C2HDataWhoseDatalDisagreesWithItsPduLength_FailsTheRead_PointingAtDatal()
    {
        Outcome outcome = await ReadMeetsAsync(m =>
        {
            byte[] pdu = TargetPdus.C2HData(m.Command.CommandId, 0, 4096);
            BinaryPrimitives.WriteUInt32LittleEndian(pdu.AsSpan((int)DataPduHeader.DataLengthOffset), 2048);
            return m.Link.SendToHostAsync(pdu);
        });

        outcome.AssertViolation($"target sent C2HData for command {outcome.CommandId} at offset 0 length 2048 in a PDU carrying 4096 data bytes", fes: 0x01, fei: DataPduHeader.DataLengthOffset);
    }

    [Fact]
    public async Task C2HDataForAWrite_FailsTheWrite_PointingAtCccid()
    {
        Outcome outcome = await WriteMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.C2HData(m.Command.CommandId, 0, 4096)));

        outcome.AssertViolation($"target sent C2HData for command {outcome.CommandId}, which is not a read", fes: 0x01, fei: DataPduHeader.CommandIdOffset);
    }

    [Fact]
    public async Task C2HDataForAnUnknownCommand_FailsTheRead_PointingAtCccid()
    {
        Outcome outcome = await ReadMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.C2HData(1000, 0, 4096)));

        outcome.AssertViolation("target sent C2HData for command 1000, which is not outstanding on queue", fes: 0x01, fei: DataPduHeader.CommandIdOffset);
    }

    [Fact]
    public async Task CapsuleRespForAnUnknownCommand_FailsTheRead_PointingAtItsCid()
    {
        Outcome outcome = await ReadMeetsAsync(m => m.Link.SendToHostAsync(TargetPdus.CapsuleResp(1000)));

        outcome.AssertViolation("target sent CapsuleResp for command 1000, which is not outstanding on queue", fes: 0x01, fei: CommonHeader.Size + 12);
    }

    [Fact]
    public async Task IdentifyNamespaceWithLbads40_FailsTheOpen_NamingTheValue_AndAnHonestAnswerStillOpens()
    {
        await using var target = new HostileTarget();
        target.OnTargetPdu = (link, pdu) =>
        {
            ushort cid = BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan((int)DataPduHeader.CommandIdOffset));
            if (pdu[0] == (byte)PduType.C2HData && link.CommandOf(cid) is [0x06, ..] sqe && sqe[40] == 0x00)
            {
                // Identify (opcode 6) CNS 0: LBAF0.LBADS is byte 130 of the page (spec §9.2); DATAO is 0.
                pdu[pdu[3] + 128 + 2] = 40;
            }
        };

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() =>
            NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host()).WaitAsync(HangDetector));
        Assert.Contains("Identify Namespace 1 reports LBADS 40 in LBA format 0", error.Message);

        target.OnTargetPdu = null;
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        Assert.Equal(512, device.SectorSize);
    }

    private static NvmeTcpTargetOptions StuckTarget() => new() { MaxDataTransferSize = StuckWriteLength };

    private static Task<Outcome> WriteMeetsAsync(Func<Misbehaviour, Task> misbehave, bool expectTermReq = true) =>
        MisbehaveAsync(d => d.WriteAsync(0, new byte[WriteLength]).AsTask(), Write, misbehave, expectTermReq: expectTermReq);

    private static Task<Outcome> ReadMeetsAsync(Func<Misbehaviour, Task> misbehave) =>
        MisbehaveAsync(d => d.ReadAsync(0, new byte[ReadLength]).AsTask(), Read, misbehave);

    /// <summary>
    /// Runs <paramref name="io"/> against a target that answers its first command of <paramref name="opcode"/>
    /// with <paramref name="misbehave"/>, collects the error and the host's H2CTermReq, then checks that the
    /// same device writes and reads back through a new, honest connection.
    /// </summary>
    private static async Task<Outcome> MisbehaveAsync(Func<NvmeBlockDevice, Task> io, byte opcode, Func<Misbehaviour, Task> misbehave,
        NvmeTcpTargetOptions? options = null, bool expectTermReq = true)
    {
        long blocks = Math.Max(4096, (options?.MaxDataTransferSize ?? 0) / 512);
        await using var target = new HostileTarget(options, blocks);
        var taken = new TaskCompletionSource<HostileCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hostFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        target.OnIoCommand = async (link, command) =>
        {
            if (command.Opcode != opcode || !taken.TrySetResult(command))
            {
                return true;
            }

            await misbehave(new Misbehaviour(link, command, hostFailed.Task));
            return false;
        };
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());

        NvmeException error;
        try
        {
            error = await Assert.ThrowsAsync<NvmeException>(() => io(device).WaitAsync(HangDetector));
        }
        finally
        {
            hostFailed.TrySetResult(); // also when the assertion failed, so the relay can be disposed
        }

        byte[]? termReq = expectTermReq ? await target.HostTermReq.Task.WaitAsync(HangDetector) : null;
        ushort commandId = (await taken.Task).CommandId;

        target.OnIoCommand = null;
        byte[] data = new byte[WriteLength];
        new Random(11).NextBytes(data);
        await device.WriteAsync(4096, data).AsTask().WaitAsync(HangDetector);
        byte[] back = new byte[WriteLength];
        await device.ReadAsync(4096, back).AsTask().WaitAsync(HangDetector);
        Assert.Equal(data, back);
        return new Outcome(error, termReq, commandId);
    }

    private sealed record Misbehaviour(HostileLink Link, HostileCommand Command, Task HostFailed);

    private sealed record Outcome(NvmeException Error, byte[]? TermReq, ushort CommandId)
    {
        /// <summary>The error names the violation; the H2CTermReq (when one could go out) carries FES and FEI, pdo 0 (spec §2.3).</summary>
        public void AssertViolation(string violation, int? fes, uint? fei)
        {
            Assert.Contains(violation, Error.Message);
            if (fes is null)
            {
                return;
            }

            Assert.NotNull(TermReq);
            Assert.Equal((byte)PduType.H2CTermReq, TermReq[0]);
            Assert.Equal(0, TermReq[3]);
            Assert.Equal((fes.Value, fei!.Value), (BinaryPrimitives.ReadUInt16LittleEndian(TermReq.AsSpan(8)), BinaryPrimitives.ReadUInt32LittleEndian(TermReq.AsSpan(10))));
            Assert.Contains($"(FES 0x{fes:X2}, FEI {fei})", Error.Message);
        }
    }
}
