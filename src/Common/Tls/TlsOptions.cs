using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Common.Tls;

/// <summary>
/// How a cluster's certificate is trusted. Clusters install with self-signed certificates
/// (spec lightbits-api.md §1), so besides the system store a client may trust a given CA, pin
/// the leaf certificate's SHA-256 fingerprint, or — only when asked explicitly — skip checks.
/// </summary>
public sealed record TlsOptions
{
    /// <summary>Extra trusted root(s); the certificate's name must still match the endpoint.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>
    /// Hex SHA-256 of the leaf certificate (DER); when set it is the only check. Several may be
    /// given, separated by commas: a cluster whose servers each have a certificate of their own.
    /// </summary>
    public string? PinnedSha256 { get; init; }

    public bool SkipVerification { get; init; }

    public static TlsOptions System { get; } = new();

    /// <summary>Pins exactly the certificate in a PEM file (e.g. the self-signed one `dms init` or lbemu wrote).</summary>
    public static TlsOptions PinnedTo(string certificatePemFile) =>
        new() { PinnedSha256 = Fingerprint(X509Certificate2.CreateFromPem(File.ReadAllText(certificatePemFile))) };

    /// <summary>Makes <paramref name="handler"/> trust servers the way these options say.</summary>
    public SocketsHttpHandler ApplyTo(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Accepts(certificate, chain, errors);
        return handler;
    }

    public SocketsHttpHandler CreateHandler() => ApplyTo(new SocketsHttpHandler());

    /// <summary>Accepts <c>sha256:HEX</c>, bare hex, and hex with colons (as <c>openssl x509 -fingerprint -sha256</c> prints it).</summary>
    public static bool TryNormalizeFingerprint(string text, out string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim();
        if (hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex["sha256:".Length..];
        }
        else if (hex.StartsWith("sha256 fingerprint=", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex["sha256 fingerprint=".Length..];
        }

        hex = hex.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        fingerprint = hex;
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower);
    }

    public static string Fingerprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>
    /// Whether a server presenting <paramref name="certificate"/> is trusted: <paramref name="errors"/>
    /// is the platform's verdict against the system store and the host name; the chain's other
    /// elements serve as intermediates for a custom root.
    /// </summary>
    public bool Accepts(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Accepts(certificate, chain is null ? [] : chain.ChainElements.Select(e => e.Certificate), errors);

    /// <inheritdoc cref="Accepts(X509Certificate?, X509Chain?, SslPolicyErrors)"/>
    public bool Accepts(X509Certificate? certificate, IEnumerable<X509Certificate2> intermediates, SslPolicyErrors errors)
    {
        if (SkipVerification)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        if (PinnedSha256 is { } pins)
        {
            var presented = Fingerprint(certificate);
            return pins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(pin => string.Equals(presented, pin.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (TrustedRoots is not { Count: > 0 } || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var intermediate in intermediates)
        {
            custom.ChainPolicy.ExtraStore.Add(intermediate);
        }
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
