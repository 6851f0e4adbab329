using System.Security.Cryptography;
using System.Text;
using Common.IO;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.Hosting;

/// <summary>
/// The install-time system credential (<c>system:root</c>) and a fresh cluster-admin JWT written to
/// the data dir at every start, as the Ansible install leaves <c>lightos-system-jwt</c> (spec §7.1).
/// </summary>
internal static class SystemCredential
{
    public const string CredentialId = "root";

    public static void Ensure(ClusterState state, string keyPath, string jwtPath, TimeSpan lifetime, TimeProvider time)
    {
        using var key = RSA.Create();
        if (File.Exists(keyPath))
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
        }
        else
        {
            key.KeySize = 2048;
            AtomicFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem(), secret: true);
        }
        if (state.FindCredential(ClusterState.SystemProject, CredentialId) is null)
        {
            var publicPem = Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem());
            state.CreateCredential(ClusterState.SystemProject, CredentialId, CredentialType.RS256PubKey, publicPem);
        }
        var token = JwtToken.Mint(key, $"{ClusterState.SystemProject}:{CredentialId}", [Caller.ClusterAdminRole], "lbemu-admin", lifetime, time);
        AtomicFile.WriteAllText(jwtPath, token + "\n", secret: true);
    }
}
