using Common.IO;

namespace Dms.Service.Auth;

/// <summary>Adds or replaces one user's bcrypt entry (`dms init`, `dms passwd`), keeping every other line as it was.</summary>
internal static class HtpasswdWriter
{
    /// <summary>Apache's `htpasswd -B` default is 5; 10 is the bcrypt library's and a sounder floor today.</summary>
    private const int BcryptCost = 10;

    public static void SetPassword(string path, string user, string password)
    {
        if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal) || user.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"user name '{user}' must be non-empty without ':' or spaces", nameof(user));
        }

        if (password.Length == 0)
        {
            throw new ArgumentException("the password is empty", nameof(password));
        }

        var entry = $"{user}:{BCrypt.Net.BCrypt.HashPassword(password, BcryptCost)}";
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        var index = lines.FindIndex(l => l.StartsWith(user + ":", StringComparison.Ordinal));
        if (index >= 0)
        {
            lines[index] = entry;
        }
        else
        {
            lines.Add(entry);
        }

        AtomicFile.WriteAllText(path, string.Join('\n', lines) + "\n", secret: true);
    }
}
