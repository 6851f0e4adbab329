using NvmeTcp.Pdu;
using NvmeTcp.Transport;

namespace NvmeTcp.Host;

/// <summary>
/// What a host accepts from a controller about one command's data (spec §6), so that a broken or
/// hostile target can neither make us send or place bytes outside a command's buffer nor make us
/// queue unbounded work. A connection-level violation throws <see cref="PduProtocolException"/>: the
/// queue answers with the H2CTermReq it carries (spec §2.3) and closes. FEI is a field offset only
/// for FES 0x01; for the other FES values spec §2.3 gives it no meaning, so it is 0.
/// </summary>
internal static class DataTransferRules
{
    /// <summary>
    /// An R2T must name a write that is waiting for R2Ts, ask for at least one byte, keep within MAXR2T
    /// (<paramref name="maxOutstanding"/> = MAXR2T + 1, spec §2.3/§6), stay inside the command's
    /// transfer and continue exactly where the previous R2T ended: the host answers each R2T with data
    /// covering exactly [R2TO, R2TO+R2TL) in increasing DATAO (spec §6), so a repeated, overlapping or
    /// skipped range would make us send bytes twice or leave a hole the target never asks for.
    /// </summary>
    public static void CheckR2T(CommandSlot slot, in DataPduHeader r2t, int maxOutstanding)
    {
        ushort cid = r2t.CommandId;
        if (slot.WriteData.IsEmpty || slot.WriteInCapsule)
        {
            string why = slot.WriteInCapsule ? "its data went in-capsule" : "it is not a write";
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.CommandIdOffset),
                $"target sent R2T for command {cid}, which has no data to request ({why})");
        }

        string what = $"target sent R2T for command {cid} at offset {r2t.Offset} length {r2t.Length}";
        if (r2t.Length == 0)
        {
            // R2TL is never 0 (spec §2.3).
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.DataLengthOffset), $"{what}; R2TL must not be 0");
        }

        if (slot.R2TsOutstanding >= maxOutstanding)
        {
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.DataTransferLimitExceeded, 0),
                $"{what} while {slot.R2TsOutstanding} earlier R2T(s) for it were still being answered; our ICReq allows {maxOutstanding} at a time (MAXR2T {maxOutstanding - 1})");
        }

        CheckInOrder(what, r2t.Offset, r2t.Length, slot.BytesRequested, "requested", slot.WriteData.Length);
    }

    /// <summary>C2HData must name a read, say in DATAL how much data it carries, and continue the command's buffer in order (spec §2.3, §6).</summary>
    public static void CheckC2HData(CommandSlot slot, in DataPduHeader data, int pduDataLength)
    {
        ushort cid = data.CommandId;
        if (slot.ReadBuffer.IsEmpty)
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.CommandIdOffset),
                $"target sent C2HData for command {cid}, which is not a read");
        }

        string what = $"target sent C2HData for command {cid} at offset {data.Offset} length {data.Length}";
        if (data.Length != (uint)pduDataLength)
        {
            throw new PduProtocolException(PduHeaderError.InvalidField(DataPduHeader.DataLengthOffset),
                $"{what} in a PDU carrying {pduDataLength} data bytes");
        }

        CheckInOrder(what, data.Offset, data.Length, (uint)slot.BytesReceived, "received", slot.ReadBuffer.Length);
    }

    /// <summary>
    /// A completion ends the command and frees its CID for reuse (spec §6), so it must not arrive while we
    /// are still sending data the controller asked for: those H2CData PDUs would then belong to nobody,
    /// or to the next command that gets the CID.
    /// </summary>
    public static void CheckCompletion(CommandSlot slot, ushort cid)
    {
        if (slot.R2TsOutstanding > 0)
        {
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.PduSequenceError, 0),
                $"target completed command {cid} while we were still sending the data it requested up to {slot.BytesRequested}");
        }
    }

    /// <summary>
    /// A successful completion must have moved every byte: short reads are errors (spec §6), and so is a
    /// write whose data the controller never asked for. This fails the command, not the connection.
    /// </summary>
    public static NvmeException? ShortTransfer(CommandSlot slot)
    {
        if (slot.BytesReceived != slot.ReadBuffer.Length)
        {
            return new NvmeException(NvmeErrorKind.ProtocolError, $"Controller completed a read after {slot.BytesReceived} of {slot.ReadBuffer.Length} bytes.");
        }

        bool viaR2T = !slot.WriteData.IsEmpty && !slot.WriteInCapsule;
        return viaR2T && slot.BytesRequested != (uint)slot.WriteData.Length
            ? new NvmeException(NvmeErrorKind.ProtocolError, $"Controller completed a write after requesting {slot.BytesRequested} of {slot.WriteData.Length} bytes.")
            : null;
    }

    /// <summary>[offset, offset+length) inside the buffer (FES 0x04), then starting exactly at <paramref name="done"/> (FES 0x02).</summary>
    private static void CheckInOrder(string what, uint offset, uint length, uint done, string doneVerb, int total)
    {
        if ((ulong)offset + length > (ulong)total)
        {
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.DataTransferOutOfRange, 0),
                $"{what} beyond the command's {total}-byte transfer");
        }

        if (offset != done)
        {
            string problem = offset < done ? "overlapping data already" : "leaving a gap after data";
            throw new PduProtocolException(new PduHeaderError(FatalErrorStatus.PduSequenceError, 0),
                $"{what} {problem} {doneVerb} up to {done}");
        }
    }
}
