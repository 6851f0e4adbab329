using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lightbits.Api.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Lightbits.Api.Tests.Auth;

public sealed class JwtTests
{
    [Fact]
    public void Mint_ProducesTheLightbitsShape()
    {
        using var key = RSA.Create(2048);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var token = Jwt.Mint(key, "system:dms-1", [Jwt.ClusterAdminRole], "dms", TimeSpan.FromMinutes(15), time);

        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        Assert.Equal("RS256", (string)header["alg"]!);
        Assert.Equal("system:dms-1", (string)header["kid"]!);
        Assert.Equal("JWT", (string)header["typ"]!);
        Assert.Equal("LightOS", (string)claims["aud"]!);
        Assert.Equal("dms", (string)claims["sub"]!);
        Assert.Equal("system:cluster-admin", (string)claims["roles"]![0]!);
        Assert.Equal(1767225600L, (long)claims["iat"]!);
        Assert.Equal(1767225600L, (long)claims["nbf"]!);
        Assert.Equal(1767225600L + 900, (long)claims["exp"]!);
        Assert.False(string.IsNullOrEmpty((string?)claims["jti"]));
    }

    [Fact]
    public void Parse_VerifiesWithTheMatchingKeyOnly()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var token = Jwt.Mint(key, "p:c", ["p:admin"], "t", TimeSpan.FromHours(1));

        Assert.True(Jwt.TryParse(token, out var parsed));
        Assert.True(parsed.IsSignedBy(key));
        Assert.False(parsed.IsSignedBy(other));
        Assert.Equal(["p:admin"], parsed.Claims.Roles);
    }

    [Fact]
    public void Parse_TamperedPayload_NoLongerVerifies()
    {
        using var key = RSA.Create(2048);
        var parts = Jwt.Mint(key, "p:c", ["p:viewer"], "t", TimeSpan.FromHours(1)).Split('.');
        var forged = Base64Url.EncodeToString("""{"roles":["system:cluster-admin"],"exp":9999999999}"""u8);
        Assert.True(Jwt.TryParse($"{parts[0]}.{forged}.{parts[2]}", out var parsed));
        Assert.False(parsed.IsSignedBy(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("!!!.???.***")]
    [InlineData("e30.e30.e30.e30")]
    public void Parse_Malformed_ReturnsFalse(string token) => Assert.False(Jwt.TryParse(token, out _));
}
