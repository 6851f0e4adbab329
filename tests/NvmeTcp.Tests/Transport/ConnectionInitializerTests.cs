using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NvmeTcp.Host;
using NvmeTcp.Pdu;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Transport;

/// <summary>The ICReq/ICResp checks both sides share (spec §2.3): each refuses parameters it cannot work with.</summary>
public class ConnectionInitializerTests
{
    [Theory]
    [InlineData(1, 0, ICReq.PfvOffset)]
    [InlineData(0, 1, ICReq.HpdaOffset)]
    public async Task Target_IcReqWithUnsupportedParameter_GetsTermReqNamingItsOffsetThenClose(ushort pfv, byte hpda, uint offset)
    {
        await using var target = new LoopbackTarget();
        await using RawConnection raw = await RawConnection.OpenAsync(target.EndPoint, initialize: false);
        byte[] icreq = new byte[ICReq.Size];
        new ICReq(pfv, hpda, false, false, 0).Write(icreq);
        await raw.SendAsync(icreq);

        byte[] term = await raw.ReadPduAsync();

        Assert.Equal((byte)PduType.C2HTermReq, term[0]);
        Assert.Equal(((ushort)FatalErrorStatus.UnsupportedParameter, offset), (BinaryPrimitives.ReadUInt16LittleEndian(term.AsSpan(8)), BinaryPrimitives.ReadUInt32LittleEndian(term.AsSpan(10))));
        Assert.True(await raw.IsClosedByPeerAsync());
    }

    [Theory]
    [InlineData(true, 4096u, "digests enabled (header True, data False) differ from those requested")]
    [InlineData(false, 1024u, "MAXH2CDATA 1024 is not a multiple of 4 of at least 4096")]
    [InlineData(false, 4098u, "MAXH2CDATA 4098 is not a multiple of 4 of at least 4096")]
    public async Task Host_UnacceptableIcResp_FailsAsProtocolErrorSayingWhy(bool headerDigest, uint maxH2CData, string problem)
    {
        NvmeException error = await ConnectToControllerAnsweringAsync(icreq =>
        {
            byte[] icresp = new byte[ICResp.Size];
            new ICResp(0, 0, headerDigest, DataDigest: false, maxH2CData).Write(icresp);
            return icresp;
        });

        Assert.Equal(NvmeErrorKind.ProtocolError, error.Kind);
        Assert.Contains("Unacceptable ICResp: " + problem, error.Message);
    }

    [Fact]
    public async Task Host_IcReqRefusedWithTermReq_FailsAsProtocolErrorNamingTheReason()
    {
        NvmeException error = await ConnectToControllerAnsweringAsync(icreq =>
        {
            byte[] term = new byte[TermReq.MaxSize];
            int length = TermReq.Write(term, fromController: true, new PduHeaderError(FatalErrorStatus.UnsupportedParameter, ICReq.HpdaOffset), icreq.AsSpan(0, CommonHeader.Size));
            return term[..length];
        });

        Assert.Equal(NvmeErrorKind.ProtocolError, error.Kind);
        Assert.Contains("The controller rejected ICReq", error.Message);
        Assert.Contains("FES 0x06, FEI 10", error.Message);
    }

    /// <summary>Runs a host connect against a controller that reads the ICReq and answers with <paramref name="answer"/>.</summary>
    private static async Task<NvmeException> ConnectToControllerAnsweringAsync(Func<byte[], byte[]> answer)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Task controller = Task.Run(async () =>
        {
            using Socket socket = await listener.AcceptAsync();
            byte[] icreq = new byte[ICReq.Size];
            for (int read = 0; read < icreq.Length;)
            {
                read += await socket.ReceiveAsync(icreq.AsMemory(read), SocketFlags.None);
            }

            await socket.SendAsync(answer(icreq), SocketFlags.None);
            byte[] drain = new byte[1];
            while (await socket.ReceiveAsync(drain, SocketFlags.None) > 0)
            {
            }
        });

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => NvmeTcpHost.DiscoverAsync(listener.LocalEndPoint!, TestOptions.Host()));
        await controller.WaitAsync(TimeSpan.FromSeconds(10));
        return error;
    }
}
