using NvmeTcp.Pdu;

namespace NvmeTcp.Transport;

/// <summary>A received PDU broke the protocol; the connection must end with a TermReq carrying <see cref="Error"/>.</summary>
internal sealed class PduProtocolException : Exception
{
    public PduProtocolException(PduHeaderError error, string message)
        : base($"{message} (FES 0x{(int)error.Status:X2}, FEI {error.Information})") => Error = error;

    public PduHeaderError Error { get; }
}

/// <summary>The peer sent a TermReq: it found a fatal error in what we sent.</summary>
internal sealed class PeerTerminatedException : Exception
{
    public PeerTerminatedException(PduHeaderError error)
        : base($"The peer terminated the connection: FES 0x{(int)error.Status:X2}, FEI {error.Information}.") => Error = error;

    public PduHeaderError Error { get; }
}
