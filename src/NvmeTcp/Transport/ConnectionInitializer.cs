using NvmeTcp.Pdu;

namespace NvmeTcp.Transport;

/// <summary>
/// The checks of the ICReq/ICResp exchange that opens every connection (spec §2.3, §7.3 step 1), shared by
/// host and controller: what each side reads is checked as a connection's first PDU, then for parameters
/// it can work with. Each side sends its own PDU.
/// </summary>
internal static class ConnectionInitializer
{
    /// <summary>Controller side: the host's ICReq, with PFV 0 and HPDA 0 only.</summary>
    /// <exception cref="PduProtocolException">Answer with a C2HTermReq.</exception>
    public static async Task<ICReq> ReadICReqAsync(PduReader reader, byte[] buffer, CancellationToken ct)
    {
        await ReadFirstPduAsync(reader, buffer, receiverIsController: true, ct);
        ICReq request = ICReq.Read(buffer);
        if (request.PduFormatVersion != 0)
        {
            throw Unsupported(ICReq.PfvOffset, $"unsupported PFV {request.PduFormatVersion}");
        }

        if (request.HostPduDataAlignment != 0)
        {
            // Linux closes on any HPDA but 0 (spec §2.3); we say why first.
            throw Unsupported(ICReq.HpdaOffset, $"unsupported HPDA {request.HostPduDataAlignment}");
        }

        return request;
    }

    /// <summary>Host side: the controller's ICResp to <paramref name="request"/>, which must enable exactly the digests asked for.</summary>
    /// <exception cref="PeerTerminatedException">The controller refused the ICReq with a C2HTermReq.</exception>
    /// <exception cref="PduProtocolException">The answer is no ICResp or one we cannot work with.</exception>
    public static async Task<ICResp> ReadICRespAsync(PduReader reader, byte[] buffer, ICReq request, CancellationToken ct)
    {
        await ReadFirstPduAsync(reader, buffer, receiverIsController: false, ct);
        ICResp response = ICResp.Read(buffer);
        if (response.PduFormatVersion != 0)
        {
            throw Unsupported(ICResp.PfvOffset, $"unsupported PFV {response.PduFormatVersion}");
        }

        if (response.ControllerPduDataAlignment != 0)
        {
            throw Unsupported(ICResp.CpdaOffset, $"unsupported CPDA {response.ControllerPduDataAlignment}");
        }

        if (response.HeaderDigest != request.HeaderDigest || response.DataDigest != request.DataDigest)
        {
            throw Invalid(ICResp.DigestOffset, $"digests enabled (header {response.HeaderDigest}, data {response.DataDigest}) differ from those requested");
        }

        if (response.MaxH2CData < 4096 || response.MaxH2CData % 4 != 0)
        {
            throw Invalid(ICResp.MaxH2CDataOffset, $"MAXH2CDATA {response.MaxH2CData} is not a multiple of 4 of at least 4096");
        }

        return response;
    }

    /// <summary>Reads the 128-byte ICReq or ICResp into <paramref name="buffer"/> after checking its common header.</summary>
    private static async Task ReadFirstPduAsync(PduReader reader, byte[] buffer, bool receiverIsController, CancellationToken ct)
    {
        await reader.ReadExactAsync(buffer.AsMemory(0, CommonHeader.Size), ct);
        CommonHeader header = CommonHeader.Read(buffer);
        if (!receiverIsController && header.Type == PduType.C2HTermReq && header.PduLength is >= TermReq.HeaderSize and <= TermReq.MaxSize)
        {
            // A controller refuses an ICReq with a TermReq instead of an ICResp (as ours does, above).
            await reader.ReadExactAsync(buffer.AsMemory(CommonHeader.Size, TermReq.HeaderSize - CommonHeader.Size), ct);
            throw new PeerTerminatedException(TermReq.Read(buffer));
        }

        if (new HeaderValidator(receiverIsController, HeaderDigest: false, DataDigest: false).Validate(header, initialized: false) is { } error)
        {
            string expected = receiverIsController ? "ICReq" : "ICResp";
            throw new PduProtocolException(error, $"Expected {expected}, got PDU type 0x{(byte)header.Type:X2} hlen {header.HeaderLength} plen {header.PduLength}");
        }

        await reader.ReadExactAsync(buffer.AsMemory(CommonHeader.Size, ICReq.Size - CommonHeader.Size), ct);
    }

    private static PduProtocolException Unsupported(uint offset, string problem) =>
        new(new PduHeaderError(FatalErrorStatus.UnsupportedParameter, offset), problem);

    private static PduProtocolException Invalid(uint offset, string problem) =>
        new(PduHeaderError.InvalidField(offset), problem);
}
