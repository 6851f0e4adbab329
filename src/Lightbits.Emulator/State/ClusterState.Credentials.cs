using System.Security.Cryptography;
using System.Text;
using Common.Text;
using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

public sealed partial class ClusterState
{
    public IReadOnlyList<CredentialRecord> ListCredentials(string project)
    {
        lock (_lock)
        {
            RequireProject(project);
            return [.. _state.Credentials.Where(c => c.ProjectName == project)];
        }
    }

    public CredentialRecord? FindCredential(string project, string id)
    {
        lock (_lock)
        {
            return _state.Credentials.FirstOrDefault(c => c.ProjectName == project && c.Id == id);
        }
    }

    public CredentialRecord GetCredential(string project, string id)
    {
        lock (_lock)
        {
            RequireProject(project);
            return FindCredential(project, id) ?? throw ApiException.NotFound($"credential \"{id}\" not found in project \"{project}\"");
        }
    }

    public CredentialRecord CreateCredential(string project, string? id, CredentialType type, byte[]? payload)
    {
        if (Names.Problem("ID", id) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
        if (type != CredentialType.RS256PubKey)
        {
            throw ApiException.BadRequest($"type \"{type}\" is not supported; use RS256PubKey");
        }
        if (payload is not { Length: > 0 })
        {
            throw ApiException.BadRequest("payload is required (a PEM RSA public key, base64-encoded)");
        }
        CheckRsaPublicKey(payload);
        lock (_lock)
        {
            RequireProject(project);
            if (FindCredential(project, id!) is not null)
            {
                throw ApiException.Conflict($"credential \"{id}\" already exists in project \"{project}\"");
            }
            var credential = new CredentialRecord { ProjectName = project, Id = id!, Type = type, Payload = payload };
            _state.Credentials.Add(credential);
            Save();
            return credential;
        }
    }

    public void DeleteCredential(string project, string id)
    {
        lock (_lock)
        {
            GetCredential(project, id);
            _state.Credentials.RemoveAll(c => c.ProjectName == project && c.Id == id);
            Save();
        }
    }

    private static void CheckRsaPublicKey(byte[] payload)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(Encoding.UTF8.GetString(payload));
            if (rsa.KeySize < 2048)
            {
                throw ApiException.BadRequest($"payload: RSA key of {rsa.KeySize} bits is too small (at least 2048)");
            }
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadRequest($"payload is not a PEM RSA public key: {e.Message}");
        }
        catch (CryptographicException e)
        {
            throw ApiException.BadRequest($"payload is not a PEM RSA public key: {e.Message}");
        }
    }
}
