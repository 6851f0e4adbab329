namespace NvmeTcp.Pdu;

/// <summary>
/// The strict receiver checks of spec §2.4, applied to the common header before the rest of the
/// PDU is read. The first failing rule wins, which reports the lowest offending field first.
/// </summary>
internal readonly record struct HeaderValidator(bool ReceiverIsController, bool HeaderDigest, bool DataDigest, int DataAlignment = 4)
{
    /// <summary>Validates a header received after ICReq/ICResp negotiation.</summary>
    public PduHeaderError? Validate(in CommonHeader header) => Validate(header, initialized: true);

    public PduHeaderError? Validate(in CommonHeader header, bool initialized)
    {
        PduType type = header.Type;

        // Rule 1: known type, right direction, ICReq/ICResp only before initialisation.
        if (!PduRules.IsKnown(type) || PduRules.IsHostToController(type) != ReceiverIsController)
        {
            return PduHeaderError.InvalidField(PduHeaderError.TypeOffset);
        }

        bool isInitPdu = type is PduType.ICReq or PduType.ICResp;
        if (initialized == isInitPdu)
        {
            return initialized
                ? PduHeaderError.InvalidField(PduHeaderError.TypeOffset)
                : new PduHeaderError(FatalErrorStatus.PduSequenceError, 0);
        }

        // Rule 2: flags within the allowed set; digest flags iff negotiated; SUCCESS needs LAST_PDU.
        if ((header.Flags & ~PduRules.AllowedFlags(type)) != 0)
        {
            return PduHeaderError.InvalidField(PduHeaderError.FlagsOffset);
        }

        if (PduRules.IsDigested(type))
        {
            int headerBytes = header.HeaderLength + (HeaderDigest ? Crc32C.Size : 0);
            bool carriesData = header.PduLength > headerBytes;
            if (header.HasHeaderDigest != HeaderDigest
                || header.HasDataDigest != (DataDigest && carriesData && PduRules.CarriesDataAtPdo(type)))
            {
                return PduHeaderError.InvalidField(PduHeaderError.FlagsOffset);
            }
        }

        if ((header.Flags & PduFlags.Success) != 0 && !header.IsLast)
        {
            return PduHeaderError.InvalidField(PduHeaderError.FlagsOffset);
        }

        // Rule 3: fixed header length per type.
        if (header.HeaderLength != PduRules.HeaderLength(type))
        {
            return PduHeaderError.InvalidField(PduHeaderError.HeaderLengthOffset);
        }

        // Rule 4: data offset.
        int headerWithDigest = header.HeaderWithDigestLength;
        if (PduRules.CarriesDataAtPdo(type))
        {
            bool noData = header.PduLength == (uint)headerWithDigest;
            bool validEmpty = noData && header.DataOffset == 0;
            bool validWithData = header.DataOffset >= headerWithDigest
                && header.DataOffset <= header.PduLength
                && header.DataOffset % DataAlignment == 0
                && header.PduLength > (uint)header.DataOffset;
            if (!validEmpty && !validWithData)
            {
                return header.PduLength < (uint)headerWithDigest
                    ? PduHeaderError.InvalidField(PduHeaderError.PduLengthOffset)
                    : PduHeaderError.InvalidField(PduHeaderError.DataOffsetOffset);
            }
        }
        else if (header.DataOffset != 0)
        {
            return PduHeaderError.InvalidField(PduHeaderError.DataOffsetOffset);
        }

        // Rule 5: plen.
        if (header.PduLength < (uint)headerWithDigest)
        {
            return PduHeaderError.InvalidField(PduHeaderError.PduLengthOffset);
        }

        bool plenValid = type switch
        {
            PduType.ICReq or PduType.ICResp or PduType.CapsuleResp or PduType.R2T => header.PduLength == (uint)headerWithDigest,
            PduType.H2CTermReq or PduType.C2HTermReq => header.PduLength <= (uint)(header.HeaderLength + PduRules.TermReqMaxData),
            PduType.H2CData or PduType.C2HData => header.DataLength > 0,
            _ => header.DataOffset == 0 || header.DataLength > 0,
        };
        return plenValid ? null : PduHeaderError.InvalidField(PduHeaderError.PduLengthOffset);
    }
}
