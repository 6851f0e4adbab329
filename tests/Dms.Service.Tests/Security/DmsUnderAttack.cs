using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dms.Service.Auth;
using Dms.Service.Configuration;
using Dms.Testing;
using Lightbits.Api.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Service.Tests.Security;

/// <summary>
/// A real `dms` process for the attack tests, and the bad credentials an attacker can make: with
/// its config dir in hand the test can forge exactly what an attacker could not (a correctly
/// stamped but expired token) next to what one could (other keys, <c>alg: none</c>, the cluster key).
/// </summary>
public sealed class DmsUnderAttack : IAsyncLifetime
{
    public DmsProcess Dms { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Dms = await DmsProcess.StartAsync(Directory.CreateTempSubdirectory("dms-attack-").FullName);
        using var http = await Dms.LoginAsync();
        Token = http.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    public async Task DisposeAsync() => await Dms.DisposeAsync();

    /// <summary>Each bad credential by name: (name, Authorization header value or null).</summary>
    public IReadOnlyList<(string Name, string? Authorization)> BadCredentials()
    {
        var dir = new ConfigDir(Dms.ConfigDir);
        var entries = HtpasswdFile.Parse(File.ReadAllLines(dir.HtpasswdFile)).ToDictionary(e => e.User, e => e.Hash.Value, StringComparer.Ordinal);
        var expired = new SessionTokens(SessionKey.Load(dir), entries.GetValueOrDefault, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-40)), TimeSpan.FromDays(30))
            .Issue(DmsProcess.User);
        var otherKey = new SessionTokens(SessionKey.New(), entries.GetValueOrDefault, TimeProvider.System, TimeSpan.FromDays(30)).Issue(DmsProcess.User);
        var claims = Token.Split('.')[1];
        var algNone = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8) + "." + claims + ".";
        var algNoneUnsigned = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8) + "." + claims;
        using var clusterKey = RSA.Create();
        clusterKey.ImportFromPem(File.ReadAllText(dir.ClusterKeyFile));
        var byClusterKey = Jwt.Mint(clusterKey, "system:" + Dms.PubKeyId, [Jwt.ClusterAdminRole], DmsProcess.User, TimeSpan.FromHours(1));
        var hs256WithPublicKey = Sign(Encoding.ASCII.GetBytes(clusterKey.ExportSubjectPublicKeyInfoPem()), claims);
        return
        [
            ("no token", null),
            ("empty bearer", "Bearer "),
            ("garbage", "Bearer garbage"),
            ("Basic credentials", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DmsProcess.User}:{DmsProcess.Password}"))),
            ("expired", "Bearer " + expired),
            ("signed with another session key", "Bearer " + otherKey),
            ("alg none", "Bearer " + algNone),
            ("alg none, no signature part", "Bearer " + algNoneUnsigned),
            ("RS256 signed by the cluster key", "Bearer " + byClusterKey),
            ("HS256 keyed with the cluster's public key", "Bearer " + hs256WithPublicKey),
            ("valid token with a flipped signature bit", "Bearer " + FlipLastSignatureCharacter(Token)),
        ];
    }

    private static string Sign(byte[] secret, string claims)
    {
        var input = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8) + "." + claims;
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    private static string FlipLastSignatureCharacter(string token) => token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
}
