using System.Net;
using System.Net.Sockets;

namespace Dms.Cli.Tests;

/// <summary>An http:// base URL would carry the password and token in clear text: refused, wherever it comes from, unless --allow-http.</summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class PlainHttpTests(DmsCliFixture fixture) : IDisposable
{
    // Listens but never accepts: a connection dmscli made would wait in its backlog, so Pending() tells whether anything was sent
    // (and --timeout=2s keeps a dmscli that wrongly sent something from waiting 30 s for an answer).
    private readonly TcpListener _listener = StartListener();

    private string HttpUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    [Fact]
    public async Task Login_HttpBaseUrl_IsAUsageErrorNamingTheUrlAndAllowHttp_AndSendsNothing()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--username=admin", "--password=light", $"--base-url={HttpUrl}", "--timeout=2s");

        OneLine.AssertFailure(result, 2, HttpUrl);
        Assert.Contains("--allow-http", result.Stderr, StringComparison.Ordinal);
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task AnyCommand_HttpBaseUrlSavedInTheConfigFile_IsAUsageErrorNamingTheFile_AndSendsNothing()
    {
        var home = HomeLoggedInTo(HttpUrl);

        var result = await DmsCliFixture.RunAsync(home, "list", "clusters", "--timeout=2s");

        OneLine.AssertFailure(result, 2, HttpUrl);
        Assert.Contains("--allow-http", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("dms-cli.yaml", result.Stderr, StringComparison.Ordinal);
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task AnyCommand_HttpBaseUrlWithAllowHttp_IsUsed()
    {
        var home = HomeLoggedInTo("http://127.0.0.1:1");

        OneLine.AssertFailure(await DmsCliFixture.RunAsync(home, "list", "clusters", "--allow-http"), 8, "cannot reach DMS at http://127.0.0.1:1/");
        OneLine.AssertFailure(await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--username=admin", "--password=light", "--base-url=http://127.0.0.1:1", "--allow-http"),
            8, "cannot reach DMS at http://127.0.0.1:1/");
    }

    public void Dispose() => _listener.Dispose();

    private string HomeLoggedInTo(string baseUrl) =>
        fixture.HomeWithConfig($"base-url: {baseUrl}\nauth:\n  tokenType: Bearer\n  expiresIn: 2592000\n  idToken: eyJ.made.up\n");

    private static TcpListener StartListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }
}
