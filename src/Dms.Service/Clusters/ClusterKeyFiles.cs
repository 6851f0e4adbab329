using System.Security.Cryptography;
using Common.IO;
using Dms.Service.Configuration;

namespace Dms.Service.Clusters;

/// <summary>The two files of one cluster key in the config dir: the RSA private key (PEM) and its pubKeyId.</summary>
internal sealed record ClusterKeyFiles(string PemFile, string IdFile)
{
    public bool Exist => File.Exists(PemFile) && File.Exists(IdFile);

    /// <summary>A fresh key pair and pubKeyId: a new key is a new identity, so it never reuses an id a cluster may hold for another key.</summary>
    public void WriteNew(int bits)
    {
        using var rsa = RSA.Create(bits);
        // The id last: a crash in between leaves a key without an id, which nothing loads, never an id naming the wrong key.
        AtomicFile.WriteAllText(PemFile, rsa.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
        AtomicFile.WriteAllText(IdFile, $"dms-{Guid.NewGuid()}\n");
    }

    /// <summary>Makes these files a copy of <paramref name="source"/>'s: the id goes first and comes back last, so no crash leaves an id naming another key.</summary>
    public void CopyFrom(ClusterKeyFiles source)
    {
        File.Delete(IdFile);
        AtomicFile.WriteAllText(PemFile, ClusterKey.ReadText(source.PemFile), secret: true);
        AtomicFile.WriteAllText(IdFile, ClusterKey.ReadText(source.IdFile));
    }

    public void Delete()
    {
        File.Delete(IdFile);
        File.Delete(PemFile);
    }

    public string ReadPubKeyId()
    {
        var pubKeyId = ClusterKey.ReadText(IdFile).Trim();
        return pubKeyId.StartsWith("dms-", StringComparison.Ordinal) && Guid.TryParse(pubKeyId[4..], out _)
            ? pubKeyId
            : throw new ConfigException($"{IdFile}: '{pubKeyId}' is not a pubKeyId of the form dms-<uuid>");
    }
}
