using System.Security.Cryptography;
using System.Text;

namespace Dms.Service.Auth;

/// <summary>The hash formats of an htpasswd line (spec §4): the three Apache writes that we accept, and the two we refuse.</summary>
internal enum HashKind
{
    Bcrypt,
    Apr1,
    Sha1,
    DesCrypt,
    PlainText,
}

/// <summary>One stored hash, able to check a password against itself in time that does not depend on where they differ.</summary>
internal sealed record PasswordHash(HashKind Kind, string Value)
{
    public bool IsAccepted => Kind is HashKind.Bcrypt or HashKind.Apr1 or HashKind.Sha1;

    /// <summary>Rough cost of one check, so unknown users can be checked against the most expensive entry.</summary>
    public int Work => Kind switch
    {
        HashKind.Bcrypt => 1000 + BcryptCost,
        HashKind.Apr1 => 100,
        HashKind.Sha1 => 1,
        _ => 0,
    };

    private int BcryptCost => Value.Length > 6 && int.TryParse(Value.AsSpan(4, 2), out var cost) ? cost : 0;

    public static PasswordHash Parse(string value) => new(value switch
    {
        _ when value.StartsWith("$2y$", StringComparison.Ordinal) || value.StartsWith("$2a$", StringComparison.Ordinal)
            || value.StartsWith("$2b$", StringComparison.Ordinal) => HashKind.Bcrypt,
        _ when value.StartsWith("$apr1$", StringComparison.Ordinal) => HashKind.Apr1,
        _ when value.StartsWith("{SHA}", StringComparison.Ordinal) => HashKind.Sha1,
        // crypt(3) DES: 2 salt characters + 11 hash characters from the crypt alphabet.
        { Length: 13 } when value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/') => HashKind.DesCrypt,
        _ => HashKind.PlainText,
    }, value);

    public bool Verify(string password) => Kind switch
    {
        HashKind.Bcrypt => VerifyBcrypt(password),
        HashKind.Apr1 => FixedTimeEquals(Apr1Md5.Hash(password, Value), Value),
#pragma warning disable CA5350 // {SHA} is SHA-1 by definition; accepted because Apache writes it (spec §4)
        HashKind.Sha1 => FixedTimeEquals("{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password))), Value),
#pragma warning restore CA5350
        _ => false,
    };

    private bool VerifyBcrypt(string password)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, Value);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
