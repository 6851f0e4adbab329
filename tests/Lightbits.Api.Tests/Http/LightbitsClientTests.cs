using System.Net;
using System.Net.Http.Json;
using Common.Tls;
using Common.Testing;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Api.Tests.Http;

/// <summary>The client against a real emulated cluster: fail-over, retries, TLS trust.</summary>
public sealed class LightbitsClientTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task FirstEndpointRefusesConnections_FailsOverToTheNext()
    {
        var dead = _cluster.Report.Servers[0];
        await _cluster.Http().PostAsync($"/_emulator/servers/{dead.Name}/stop", JsonContent.Create(new { }));
        await Poll.UntilAsync(() => !Probe.Accepts(dead.ApiEndpoint), $"{dead.Name} refuses connections on {dead.ApiEndpoint}");

        var client = _cluster.Client(endpoints: [dead.ApiEndpoint, _cluster.ApiEndpoints[1]]);
        Assert.Equal(_cluster.Report.ClusterUuid, (await client.GetClusterAsync()).Uuid);
        Assert.Equal(_cluster.ApiEndpoints[1], client.CurrentEndpoint);
    }

    [Fact]
    public async Task NoEndpointReachable_ThrowsTransientErrorNamingTheEndpoint()
    {
        var client = _cluster.Client(endpoints: ["127.0.0.1:1"]);
        var error = await Assert.ThrowsAsync<LightbitsApiException>(() => client.GetVersionAsync());
        Assert.True(error.IsRetryable);
        Assert.Null(error.Status);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injected503_IsRetried_UntilTheClusterAnswers()
    {
        await AddFault(new { method = "GET", path = "/api/v2/cluster", status = 503, count = 2 });
        Assert.NotNull((await _cluster.Client().GetClusterAsync()).Uuid);
    }

    [Fact]
    public async Task Injected500OnCreate_IsNotRetried()
    {
        await AddFault(new { method = "POST", path = "/api/v2/projects/*/volumes", status = 500, count = 1 });
        var error = await Assert.ThrowsAsync<LightbitsApiException>(() => _cluster.Client().CreateVolumeAsync("default",
            new CreateVolumeRequest { Name = "v", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) }));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Empty(_cluster.State.ListVolumes("default"));
    }

    [Fact]
    public async Task PersistentFailure_GivesUpAfterMaxAttempts()
    {
        await AddFault(new { method = "GET", path = "/api/v2/version", status = 503, count = -1 });
        var error = await Assert.ThrowsAsync<LightbitsApiException>(() => _cluster.Client().GetVersionAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task WrongPinnedCertificate_IsRefused_SkipVerification_IsAccepted()
    {
        using var pinnedWrong = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = _cluster.ApiEndpoints, TokenProvider = () => _cluster.SystemJwt, MaxAttempts = 1,
            Tls = new TlsOptions { PinnedSha256 = new string('0', 64) },
        });
        await Assert.ThrowsAsync<LightbitsApiException>(() => pinnedWrong.GetVersionAsync());

        using var systemTrust = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = _cluster.ApiEndpoints, TokenProvider = () => _cluster.SystemJwt, MaxAttempts = 1,
        });
        await Assert.ThrowsAsync<LightbitsApiException>(() => systemTrust.GetVersionAsync());

        using var insecure = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = _cluster.ApiEndpoints, TokenProvider = () => _cluster.SystemJwt, Tls = new TlsOptions { SkipVerification = true },
        });
        Assert.Equal("v2", (await insecure.GetVersionAsync()).Version);
    }

    [Fact]
    public async Task ServersWithCertificatesOfTheirOwn_EachEndpointIsTrustedByItsPin_AndOnlyByIt()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { CertificatePerServer = true }, servers: 2);
        var pins = cluster.Report.TlsCertSha256.Split(',');
        Assert.Equal(2, pins.Length);

        foreach (var endpoint in cluster.ApiEndpoints)
        {
            using var both = new LightbitsClient(new LightbitsClientOptions
            {
                Endpoints = [endpoint], TokenProvider = () => cluster.SystemJwt, Tls = new TlsOptions { PinnedSha256 = cluster.Report.TlsCertSha256 },
            });
            Assert.Equal("v2", (await both.GetVersionAsync()).Version);
        }
        using var firstOnly = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = [cluster.ApiEndpoints[1]], TokenProvider = () => cluster.SystemJwt, MaxAttempts = 1, Tls = new TlsOptions { PinnedSha256 = pins[0] },
        });
        await Assert.ThrowsAsync<LightbitsApiException>(() => firstOnly.GetVersionAsync());
    }

    [Fact]
    public async Task TrustedRootCertificate_IsAccepted()
    {
        using var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_cluster.Report.TlsCertPath));
        using var client = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = _cluster.ApiEndpoints, TokenProvider = () => _cluster.SystemJwt,
            Tls = new TlsOptions { TrustedRoots = [root] },
        });
        Assert.Equal("v2", (await client.GetVersionAsync()).Version);
    }

    private async Task AddFault(object rule) =>
        (await _cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(rule))).EnsureSuccessStatusCode();

    [Fact]
    public async Task AServerThatAcceptsAndNeverCompletesTheHandshake_CostsTheConnectTimeout_ThenTheNextServerAnswers()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        using var client = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = [endpoint, _cluster.ApiEndpoints[0]],
            TokenProvider = () => _cluster.SystemJwt,
            Tls = _cluster.Tls,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            RequestTimeout = TimeSpan.FromMinutes(5),
            MaxAttempts = 1,
        });

        // The request timeout is minutes: only a connect timeout that covers the TLS handshake gets past the silent server.
        var info = await client.GetClusterAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(_cluster.Report.ClusterUuid, info.Uuid);
        Assert.Equal(_cluster.ApiEndpoints[0], client.CurrentEndpoint);
    }
}
