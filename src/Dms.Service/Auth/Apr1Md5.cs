using System.Security.Cryptography;
using System.Text;

namespace Dms.Service.Auth;

/// <summary>
/// Apache's <c>$apr1$</c> hash (apr_md5.c: the FreeBSD MD5-crypt algorithm with magic "$apr1$").
/// MD5 is weak, but these hashes exist in operators' htpasswd files and spec §4 requires accepting them.
/// </summary>
internal static class Apr1Md5
{
    private const string Magic = "$apr1$";
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The full <c>$apr1$salt$hash</c> string for <paramref name="password"/> with the salt of <paramref name="saltOrHash"/>.</summary>
    public static string Hash(string password, string saltOrHash)
    {
        var salt = saltOrHash.StartsWith(Magic, StringComparison.Ordinal) ? saltOrHash[Magic.Length..] : saltOrHash;
        var end = salt.IndexOf('$', StringComparison.Ordinal);
        salt = end >= 0 ? salt[..end] : salt;
        salt = salt.Length > 8 ? salt[..8] : salt;

        var pw = Encoding.UTF8.GetBytes(password);
        var saltBytes = Encoding.ASCII.GetBytes(salt);
#pragma warning disable CA5351 // the format is MD5 by definition
        using var context = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        context.AppendData(pw);
        context.AppendData(Encoding.ASCII.GetBytes(Magic));
        context.AppendData(saltBytes);

        var alternate = MD5.HashData([.. pw, .. saltBytes, .. pw]);
        for (var left = pw.Length; left > 0; left -= 16)
        {
            context.AppendData(alternate, 0, Math.Min(left, 16));
        }

        for (var i = pw.Length; i != 0; i >>= 1)
        {
            context.AppendData((i & 1) != 0 ? [0] : pw.AsSpan(0, Math.Min(1, pw.Length)));
        }

        var final = context.GetHashAndReset();
        for (var i = 0; i < 1000; i++)
        {
            if ((i & 1) != 0) { context.AppendData(pw); } else { context.AppendData(final); }
            if (i % 3 != 0) { context.AppendData(saltBytes); }
            if (i % 7 != 0) { context.AppendData(pw); }
            if ((i & 1) != 0) { context.AppendData(final); } else { context.AppendData(pw); }
            final = context.GetHashAndReset();
        }
#pragma warning restore CA5351

        var text = new StringBuilder(Magic).Append(salt).Append('$');
        Encode(text, (final[0] << 16) | (final[6] << 8) | final[12], 4);
        Encode(text, (final[1] << 16) | (final[7] << 8) | final[13], 4);
        Encode(text, (final[2] << 16) | (final[8] << 8) | final[14], 4);
        Encode(text, (final[3] << 16) | (final[9] << 8) | final[15], 4);
        Encode(text, (final[4] << 16) | (final[10] << 8) | final[5], 4);
        Encode(text, final[11], 2);
        return text.ToString();
    }

    private static void Encode(StringBuilder text, int value, int characters)
    {
        for (var i = 0; i < characters; i++, value >>= 6)
        {
            text.Append(Alphabet[value & 0x3f]);
        }
    }
}
