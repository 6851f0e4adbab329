using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>
/// Trust on first use (DESIGN §8): clusters install with self-signed certificates, so at attach we
/// record the fingerprint of whatever certificate the endpoint presents and pin it from then on.
/// </summary>
internal static class ClusterCertificate
{
    public static async Task<string> FetchFingerprintAsync(string endpoint, CancellationToken ct)
    {
        var (host, port) = SplitEndpoint(endpoint);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, ct);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        // Accepting any certificate is the point of this one handshake: its fingerprint is what gets pinned.
#pragma warning disable CA5359
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, ct);
#pragma warning restore CA5359
        return TlsOptions.Fingerprint(tls.RemoteCertificate ?? throw new IOException($"{endpoint} presented no TLS certificate"));
    }

    /// <summary>
    /// The pins of every API endpoint the cluster lists (comma-separated, as <see cref="TlsOptions.PinnedSha256"/>
    /// takes them), starting with the one attach reached. An endpoint that cannot be reached now is
    /// left unpinned (and refused until the cluster is attached again): it is never trusted blindly later.
    /// </summary>
    public static async Task<string> PinAllAsync(string attachedThrough, string fingerprint, IReadOnlyList<string> endpoints,
        Microsoft.Extensions.Logging.ILogger logger, CancellationToken ct)
    {
        var pins = new List<string> { fingerprint };
        foreach (var endpoint in endpoints.Where(e => e != attachedThrough))
        {
            try
            {
                pins.Add(await FetchFingerprintAsync(endpoint, ct));
            }
            catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger,
                    "API endpoint {Endpoint} could not be reached to pin its certificate ({Error}); DMS will not use it until the cluster is attached again", endpoint, e.Message);
            }
        }
        return string.Join(',', pins.Distinct(StringComparer.OrdinalIgnoreCase));
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
