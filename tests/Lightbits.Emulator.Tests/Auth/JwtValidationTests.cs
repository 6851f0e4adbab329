using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lightbits.Api.Auth;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Auth;

/// <summary>The accept/reject matrix of spec lightbits-api.md §7.3, through real HTTPS.</summary>
public sealed class JwtValidationTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(o => o with { CreateDelay = TimeSpan.Zero }, tokensOnTheFakeClock: true);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<HttpStatusCode> GetClusterAs(string? token) =>
        (await _cluster.Http(token ?? "").GetAsync("/api/v2/cluster")).StatusCode;

    [Fact]
    public async Task SystemJwt_FromDataDir_IsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, await GetClusterAs(_cluster.SystemJwt));

    [Fact]
    public async Task HandWrittenToken_InTheShapeOfSpec72_IsAccepted_WithoutTheClientsMinting()
    {
        // Header and claims written out as lbcli's sample token has them (spec lightbits-api.md §7.2),
        // signed here with RS256 = RSASSA-PKCS1-v1_5 over SHA-256 of "base64url(header).base64url(claims)".
        var (key, _) = await _cluster.AddCredentialAsync("system", "golden");
        var now = _cluster.Time.GetUtcNow().ToUnixTimeSeconds();
        const string header = """{"alg":"RS256","kid":"system:golden","typ":"JWT"}""";
        var claims = $$"""{"aud":"LightOS","exp":{{now + 600}},"iat":{{now}},"iss":"systests","jti":"SH0-xUGTw3hKtQQEDsrEmQ","nbf":{{now}},"roles":["system:cluster-admin"],"sub":"lightos-client"}""";
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(claims))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = $"{signingInput}.{Base64Url(signature)}";

        Assert.Equal(HttpStatusCode.OK, await GetClusterAs(token));
        // The same claims with one role changed no longer match the signature.
        var tampered = $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(claims.Replace("system:cluster-admin", "system:cluster-admim", StringComparison.Ordinal)))}.{Base64Url(signature)}";
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs(tampered));
    }

    /// <summary>RFC 7515 §2: URL-safe alphabet, no padding; written out so no library of ours encodes it.</summary>
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task NoToken_Returns401WithErrorBody()
    {
        var response = await _cluster.Http("").GetAsync("/api/v2/cluster");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"code\":16", await TestCluster.BodyAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKid_Returns401()
    {
        using var key = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs(_cluster.Mint(key, "system:nobody", Jwt.ClusterAdminRole)));
    }

    [Fact]
    public async Task KnownKidSignedByAnotherKey_Returns401()
    {
        await _cluster.AddCredentialAsync("system", "ops");
        using var impostor = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs(_cluster.Mint(impostor, "system:ops", Jwt.ClusterAdminRole)));
    }

    [Fact]
    public async Task ExpiredToken_Returns401()
    {
        var (key, kid) = await _cluster.AddCredentialAsync("system", "ops");
        var token = Jwt.Mint(key, kid, [Jwt.ClusterAdminRole], "t", TimeSpan.FromMinutes(5), _cluster.Time);
        Assert.Equal(HttpStatusCode.OK, await GetClusterAs(token));
        _cluster.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs(token));
    }

    [Fact]
    public async Task NotYetValidToken_Returns401()
    {
        var (key, kid) = await _cluster.AddCredentialAsync("system", "ops");
        var now = _cluster.Time.GetUtcNow().ToUnixTimeSeconds();
        var token = Jwt.Sign(key, new JwtHeader { Algorithm = "RS256", KeyId = kid, Type = "JWT" },
            new JwtClaims { Audience = Jwt.Audience, NotBefore = now + 3600, ExpiresAt = now + 7200, Roles = [Jwt.ClusterAdminRole] });
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs(token));
    }

    [Fact]
    public async Task AlgNone_Returns401()
    {
        var header = Base64(new JwtHeader { Algorithm = "none", KeyId = "system:root", Type = "JWT" });
        var claims = Base64(new JwtClaims { ExpiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), Roles = [Jwt.ClusterAdminRole] });
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs($"{header}.{claims}."));
    }

    [Fact]
    public async Task Hs256SignedWithThePublicKey_Returns401()
    {
        // The classic key-confusion attack: HMAC keyed with the (public) PEM the cluster holds.
        var credential = _cluster.State.FindCredential("system", "root")!;
        var header = Base64(new JwtHeader { Algorithm = "HS256", KeyId = "system:root", Type = "JWT" });
        var claims = Base64(new JwtClaims { ExpiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), Roles = [Jwt.ClusterAdminRole] });
        var signature = HMACSHA256.HashData(credential.Payload, Encoding.ASCII.GetBytes($"{header}.{claims}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs($"{header}.{claims}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}"));
    }

    [Fact]
    public async Task GarbageToken_Returns401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs("not.a.token"));

    [Fact]
    public async Task ViewerWriting_Returns403_ViewerReading_Returns200()
    {
        await _cluster.Client().CreateProjectAsync(new CreateProjectRequest { Name = "p1" });
        var (key, kid) = await _cluster.AddCredentialAsync("p1", "c1");
        var viewer = _cluster.Client(_cluster.Mint(key, kid, "p1:viewer"));

        Assert.Empty(await viewer.ListVolumesAsync("p1"));
        var denied = await Assert.ThrowsAsync<Lightbits.Api.Http.LightbitsApiException>(() =>
            viewer.CreateVolumeAsync("p1", NewVolume("v1")));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
    }

    [Fact]
    public async Task ProjectAdminOutsideItsProject_Returns403()
    {
        await _cluster.Client().CreateProjectAsync(new CreateProjectRequest { Name = "p1" });
        var (key, kid) = await _cluster.AddCredentialAsync("p1", "c1");
        var admin = _cluster.Client(_cluster.Mint(key, kid, "p1:admin"));

        await admin.CreateVolumeAsync("p1", NewVolume("mine"));
        var denied = await Assert.ThrowsAsync<Lightbits.Api.Http.LightbitsApiException>(() => admin.ListVolumesAsync("default"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
    }

    [Fact]
    public async Task ProjectCredentialClaimingClusterAdmin_GetsNoSystemRights()
    {
        await _cluster.Client().CreateProjectAsync(new CreateProjectRequest { Name = "p1" });
        var (key, kid) = await _cluster.AddCredentialAsync("p1", "c1");
        Assert.Equal(HttpStatusCode.Forbidden, await GetClusterAs(_cluster.Mint(key, kid, Jwt.ClusterAdminRole)));
    }

    [Fact]
    public async Task DeletedCredential_TokensStopWorking()
    {
        var (key, kid) = await _cluster.AddCredentialAsync("system", "dms-1");
        var token = _cluster.Mint(key, kid, Jwt.ClusterAdminRole);
        Assert.Equal(HttpStatusCode.OK, await GetClusterAs(token));
        await _cluster.Client().DeleteCredentialAsync("system", "dms-1");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetClusterAs(token));
    }

    internal static CreateVolumeRequest NewVolume(string name, string size = "1 gib", uint replicas = 1) => new()
    {
        Name = name,
        Size = size,
        ReplicaCount = replicas,
        Acl = StringList.Of(StringList.AllowNone),
    };

    private static string Base64<T>(T value) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, Lightbits.Api.Json.LightbitsJson.Options));
}
