using Microsoft.Extensions.Logging;

namespace Dms.Service.Auth;

/// <summary>
/// The users of spec §4 (/etc/dms/.htpasswd), re-read when the file changes so edits with
/// `htpasswd` or `dms passwd` apply without a restart. Entries in formats we refuse are skipped
/// with a warning naming the user.
/// </summary>
internal sealed class HtpasswdFile
{
    /// <summary>Checked for unknown users, so they cost what a wrong password costs (DESIGN §8).</summary>
    private static readonly PasswordHash FallbackDummy = new(HashKind.Bcrypt, BCrypt.Net.BCrypt.HashPassword("dms-dummy", 10));

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private (DateTime Modified, long Length)? _loadedVersion;
    private Users _users = new(new Dictionary<string, PasswordHash>(StringComparer.Ordinal), FallbackDummy);

    public HtpasswdFile(string path, ILogger<HtpasswdFile> logger)
    {
        _path = path;
        _logger = logger;
        Reload();
    }

    /// <summary>True when <paramref name="user"/> exists with an accepted hash that <paramref name="password"/> matches.</summary>
    public bool Verify(string user, string password)
    {
        var users = Current();
        if (users.Entries.TryGetValue(user, out var hash))
        {
            return hash.Verify(password);
        }

        _ = users.Dummy.Verify(password);
        return false;
    }

    /// <summary>The user's accepted hash as the file says now (session tokens are stamped with it); null when there is none.</summary>
    public string? EntryOf(string user) => Current().Entries.TryGetValue(user, out var hash) ? hash.Value : null;

    private Users Current()
    {
        var info = new FileInfo(_path);
        var version = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
        if (version != _loadedVersion)
        {
            Reload();
        }

        return Volatile.Read(ref _users);
    }

    /// <summary>Reads the file now, whatever its time stamp says (SIGHUP: a file restored with its old time and size).</summary>
    public void Reload()
    {
        lock (_lock)
        {
            var info = new FileInfo(_path);
            if (!info.Exists)
            {
                _logger.LogWarning("htpasswd file {Path} does not exist; nobody can log in", _path);
                _loadedVersion = default;
                Volatile.Write(ref _users, _users with { Entries = new Dictionary<string, PasswordHash>(StringComparer.Ordinal) });
                return;
            }

            var version = (info.LastWriteTimeUtc, info.Length);
            var entries = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
            foreach (var (user, hash) in Parse(File.ReadAllLines(_path)))
            {
                if (hash.IsAccepted)
                {
                    entries[user] = hash;
                }
                else
                {
                    _logger.LogWarning("htpasswd user {User} is ignored: {Kind} hashes are not accepted; reset it with `dms passwd {User}` (bcrypt)",
                        user, hash.Kind == HashKind.DesCrypt ? "DES crypt" : "plain-text", user);
                }
            }

            var dummy = entries.Values.MaxBy(h => h.Work) ?? FallbackDummy;
            Volatile.Write(ref _users, new Users(entries, dummy));
            _loadedVersion = version;
            _logger.LogInformation("Loaded {Count} users from {Path}", entries.Count, _path);
        }
    }

    internal static IEnumerable<(string User, PasswordHash Hash)> Parse(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || line.StartsWith('#') || colon <= 0)
            {
                continue;
            }

            yield return (line[..colon], PasswordHash.Parse(line[(colon + 1)..]));
        }
    }

    private sealed record Users(Dictionary<string, PasswordHash> Entries, PasswordHash Dummy);
}
