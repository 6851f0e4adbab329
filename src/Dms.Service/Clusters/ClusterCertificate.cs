using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Common.Tls;

namespace Dms.Service.Clusters;

/// <summary>
/// Looks at the certificate an API endpoint presents, in a handshake of its own that sends
/// nothing: whether it may be trusted is decided (<see cref="ClusterTrustDecision"/>) before any
/// request, and so any token, goes to that endpoint.
/// </summary>
internal static class ClusterCertificate
{
    /// <exception cref="IOException">The endpoint could not be reached, or did not complete a TLS handshake within <paramref name="timeout"/>.</exception>
    public static async Task<PresentedCertificate> InspectAsync(string endpoint, TimeSpan timeout, CancellationToken ct)
    {
        var (host, port) = SplitEndpoint(endpoint);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        PresentedCertificate? presented = null;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, deadline.Token);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            // Records what is shown and accepts it: this handshake carries no request. The
            // verdict is TlsOptions' over this copy, the same code every later connection runs.
#pragma warning disable CA5359
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (certificate is not null)
                    {
                        presented = new PresentedCertificate(endpoint, new X509Certificate2(certificate),
                            chain is null ? [] : [.. chain.ChainElements.Select(e => new X509Certificate2(e.Certificate))], errors);
                    }

                    return true;
                },
            }, deadline.Token);
#pragma warning restore CA5359
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new IOException($"{endpoint} did not complete a TLS handshake within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is SocketException or System.Security.Authentication.AuthenticationException)
        {
            throw new IOException($"{endpoint}: {e.Message}", e);
        }

        return presented ?? throw new IOException($"{endpoint} presented no TLS certificate");
    }

    /// <summary><c>host:port</c> or <c>[v6]:port</c>.</summary>
    public static (string Host, int Port) SplitEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new FormatException($"'{endpoint}' is not host:port");
        }

        return (endpoint[..colon].Trim('[', ']'), port);
    }
}

/// <summary>What an endpoint showed in a handshake: the leaf, its chain, and the platform's verdict against the system store and the name.</summary>
internal sealed record PresentedCertificate(string Endpoint, X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Chain, SslPolicyErrors SystemErrors)
{
    public string Fingerprint => TlsOptions.Fingerprint(Leaf);

    public bool IsTrustedBy(TlsOptions options) => options.Accepts(Leaf, Chain, SystemErrors);
}
