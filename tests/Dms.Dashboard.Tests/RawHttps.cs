using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Dms.Dashboard.Tests;

/// <summary>
/// One HTTP/1.1 request with the path sent byte for byte: HttpClient would remove "..", and
/// attacks on the file serving must reach dms as an attacker writes them.
/// </summary>
internal static class RawHttps
{
    public static async Task<(int Status, string Response)> GetAsync(string baseUrl, string rawPath)
    {
        var uri = new Uri(baseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        // The test talks to its own dms on loopback; what is checked is the answer, not the certificate.
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(uri.Host);
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
