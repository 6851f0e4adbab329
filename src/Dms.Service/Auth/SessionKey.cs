using Dms.Service.Clusters;
using Dms.Service.Configuration;

namespace Dms.Service.Auth;

/// <summary>
/// The HS256 secret that signs user session tokens. Separate from the cluster key on purpose
/// (DESIGN §8): a token a user holds must never be accepted by a Lightbits cluster.
/// </summary>
internal sealed class SessionKey(byte[] secret)
{
    public const int Length = 32;

    public byte[] Secret { get; } = secret;

    public static SessionKey New() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(Length));

    public string Serialize() => Convert.ToBase64String(Secret) + "\n";

    public static SessionKey Load(ConfigDir dir)
    {
        var text = ClusterKey.ReadText(dir.SessionKeyFile).Trim();
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written < Length)
        {
            throw new ConfigException($"{dir.SessionKeyFile}: expected a base64 secret of at least {Length} bytes");
        }

        return new SessionKey(bytes[..written]);
    }
}
