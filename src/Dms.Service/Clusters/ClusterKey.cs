using System.Security.Cryptography;
using System.Text;
using Dms.Service.Configuration;
using Lightbits.Api.Auth;

namespace Dms.Service.Clusters;

/// <summary>
/// DMS's identity towards Lightbits clusters (DESIGN §8): an RSA key whose public half an operator
/// imports as credential <see cref="PubKeyId"/> in project <c>system</c>. Never used for user sessions.
/// </summary>
internal sealed class ClusterKey : IDisposable
{
    private readonly RSA _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tokenLifetime;

    private ClusterKey(RSA key, string pubKeyId, TimeProvider time, TimeSpan tokenLifetime)
    {
        _key = key;
        _time = time;
        _tokenLifetime = tokenLifetime;
        PubKeyId = pubKeyId;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string PubKeyId { get; }

    public string PublicKeyPem { get; }

    /// <summary>The <c>pubKey</c> of spec §3 Service credentials.</summary>
    public string PublicKeyPemBase64 => Convert.ToBase64String(Encoding.ASCII.GetBytes(PublicKeyPem));

    public string CredentialKeyId => $"system:{PubKeyId}";

    /// <param name="tokenLifetime">Of each token <see cref="Token"/> mints (dms.yaml <c>clusterTokenLifetime</c>).</param>
    public static ClusterKey Load(ClusterKeyFiles files, TimeProvider time, TimeSpan tokenLifetime)
    {
        var pubKeyId = files.ReadPubKeyId();
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(ReadText(files.PemFile));
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new ConfigException($"{files.PemFile}: not an RSA private key in PEM form: {e.Message}", e);
        }

        if (rsa.KeySize < 2048)
        {
            rsa.Dispose();
            throw new ConfigException($"{files.PemFile}: RSA key of {rsa.KeySize} bits; at least 2048 are required");
        }

        return new ClusterKey(rsa, pubKeyId, time, tokenLifetime);
    }

    /// <summary>
    /// A fresh cluster-admin RS256 token (DESIGN §8) for one request: its own <c>jti</c>, a lifetime
    /// of seconds, never reused for another request or cluster — a token a server captures is
    /// worth little and for little time. Signing costs about a millisecond, next to a round trip.
    /// </summary>
    public string Token() => Jwt.Mint(_key, CredentialKeyId, [Jwt.ClusterAdminRole], "dms", _tokenLifetime, _time);

    public void Dispose() => _key.Dispose();

    internal static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read {path}: {e.Message}", e);
        }
    }
}
