using NvmeTcp.Pdu;

namespace NvmeTcp.Tests.Pdu;

public class Crc32CTests
{
    // Test vectors from spec §3.
    [Fact]
    public void Compute_OfAsciiDigits_MatchesSpecVector() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Compute_Of32Zeros_MatchesSpecVector() => Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));

    [Fact]
    public void Compute_Of32Ones_MatchesSpecVector() =>
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));

    [Fact]
    public void Compute_OfAscendingBytes_MatchesSpecVector() =>
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));

    [Fact]
    public void Update_InPieces_EqualsOneShot()
    {
        byte[] data = new byte[1001];
        new Random(7).NextBytes(data);
        uint crc = Crc32C.Update(0xFFFFFFFF, data.AsSpan(0, 13));
        crc = Crc32C.Update(crc, data.AsSpan(13));
        Assert.Equal(Crc32C.Compute(data), ~crc);
    }
}
