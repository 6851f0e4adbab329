using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Emulator.Testing;
using Microsoft.AspNetCore.Http;

namespace Dms.Service.Tests.Security;

/// <summary>
/// DESIGN §8 cluster trust, from the attacker's side: a real `dms` process is asked to attach to
/// endpoints the test controls and that record everything they receive. DMS's cluster-admin token
/// must reach only a certificate it trusts, live seconds, and never let an impostor take over an
/// attached cluster's record.
/// </summary>
public sealed class ClusterTrustAttackTests : IAsyncLifetime
{
    private static readonly TimeSpan AttachEnds = TimeSpan.FromSeconds(90);
    private readonly string _root = Directory.CreateTempSubdirectory("dms-trust-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task FirstUse_AStrangersEndpoint_GetsOnlyShortLivedSingleUseTokens()
    {
        var (dms, http) = await StartDmsAsync();
        var calls = 0;
        var fake = await FakeAsync(TestCertificates.SelfSigned(), context =>
        {
            // 503 first, so the client retries and the fake sees two requests, hence two tokens.
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return FakeClusterEndpoint.Unauthorized(context);
        });

        var workflow = await AttachAsync(http, new { apiEndpoint = fake.Endpoint });

        Assert.Equal("FAILED", workflow.GetProperty("state").GetString());
        var tokens = fake.Requests.Select(r => r.Authorization).ToList();
        Assert.True(tokens.Count >= 2, $"the fake received {tokens.Count} requests");
        var claims = tokens.Select(t => Claims(t["Bearer ".Length..])).ToList();
        Assert.All(claims, c =>
        {
            Assert.InRange(c.GetProperty("exp").GetInt64() - c.GetProperty("iat").GetInt64(), 1, 120);
            Assert.Equal("LightOS", c.GetProperty("aud").GetString());
        });
        Assert.Equal(claims.Count, claims.Select(c => c.GetProperty("jti").GetString()).Distinct().Count());
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        _ = dms;
    }

    [Fact]
    public async Task Pinned_AStrangersEndpoint_ReceivesNothing_AndTheErrorShowsTheFingerprintToCheck()
    {
        var (_, http) = await StartDmsAsync(("DMS_CLUSTER_TRUST", "pinned"));
        var fake = await FakeAsync(TestCertificates.SelfSigned(), FakeClusterEndpoint.Unauthorized);

        var workflow = await AttachAsync(http, new { apiEndpoint = fake.Endpoint });

        Assert.Equal("FAILED", workflow.GetProperty("state").GetString());
        var message = workflow.GetProperty("msg").GetString()!;
        Assert.Contains("untrusted certificate", message, StringComparison.Ordinal);
        Assert.Contains($"--tls-fingerprint sha256:{fake.Fingerprint}", message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Pinned_TheFingerprintGivenAtAttach_IsTrusted_AndShownWithTheWorkflow()
    {
        var (_, http) = await StartDmsAsync(("DMS_CLUSTER_TRUST", "pinned"));
        var fake = await FakeAsync(TestCertificates.SelfSigned(), FakeClusterEndpoint.Unauthorized);

        var workflow = await AttachAsync(http, new { apiEndpoint = fake.Endpoint, tlsFingerprint = "sha256:" + fake.Fingerprint.ToUpperInvariant() });

        // The fake has no cluster behind it, so the attach fails at the key check: after the token went out.
        Assert.Contains("refused DMS's credentials", workflow.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(fake.Requests);
    }

    [Fact]
    public async Task AFingerprintThatDoesNotMatch_SendsNothing_EvenUnderFirstUse()
    {
        var (_, http) = await StartDmsAsync();
        var fake = await FakeAsync(TestCertificates.SelfSigned(), FakeClusterEndpoint.Unauthorized);

        var workflow = await AttachAsync(http, new { apiEndpoint = fake.Endpoint, tlsFingerprint = "sha256:" + new string('a', 64) });

        Assert.Equal("FAILED", workflow.GetProperty("state").GetString());
        Assert.Contains($"sha256:{fake.Fingerprint}, not the tlsFingerprint given", workflow.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task ACaGivenAtAttach_VouchesOnlyForWhatItSigned()
    {
        var (_, http) = await StartDmsAsync(("DMS_CLUSTER_TRUST", "pinned"));
        using var authority = TestCertificates.Authority("cluster CA");
        using var stranger = TestCertificates.Authority("another CA");
        var fake = await FakeAsync(TestCertificates.IssuedBy(authority), FakeClusterEndpoint.Unauthorized);

        var refused = await AttachAsync(http, new { apiEndpoint = fake.Endpoint, caCert = TestCertificates.Pem(stranger) });
        Assert.Contains("the given caCert does not vouch for", refused.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);

        var trusted = await AttachAsync(http, new { apiEndpoint = fake.Endpoint, caCert = TestCertificates.Pem(authority) });
        Assert.Contains("refused DMS's credentials", trusted.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(fake.Requests);
    }

    [Fact]
    public async Task AnImpostorReportingAnAttachedClustersUuid_IsRefused_AndTheRecordIsUnchanged()
    {
        var (dms, http) = await StartDmsAsync();
        var (cluster, attached) = await AttachRealClusterAsync(http);
        var result = attached.GetProperty("result");
        Assert.Equal("first-use", result.GetProperty("tlsTrust").GetString());
        Assert.Equal($"sha256:{cluster.Report.TlsCertSha256}", result.GetProperty("tlsFingerprints")[0].GetString());
        var listedBefore = await http.GetStringAsync("/api/v1/clusters");
        var yamlFile = Path.Combine(dms.ConfigDir, "clusters.yaml");
        var yamlBefore = await File.ReadAllBytesAsync(yamlFile);
        var impostor = await FakeAsync(TestCertificates.SelfSigned(), context => context.Request.Path.Value switch
        {
            "/api/v2/cluster" => context.Response.WriteAsync(
                $$"""{"UUID":"{{cluster.Report.ClusterUuid}}","subsystemNQN":"nqn.2016-01.com.lightbitslabs:uuid:evil","apiEndpoints":["{{context.Request.Host}}"]}"""),
            "/api/v2/nodes" => context.Response.WriteAsync("""{"nodes":[]}"""),
            "/api/v2/servers" => context.Response.WriteAsync("""{"servers":[]}"""),
            _ => FakeClusterEndpoint.Unauthorized(context),
        });

        var refused = await AttachAsync(http, new { apiEndpoint = impostor.Endpoint });

        Assert.Equal("FAILED", refused.GetProperty("state").GetString());
        var message = refused.GetProperty("msg").GetString()!;
        Assert.Contains($"conflict: cluster {cluster.Report.ClusterUuid}", message, StringComparison.Ordinal);
        Assert.Contains(impostor.Endpoint, message, StringComparison.Ordinal);
        Assert.Equal(listedBefore, await http.GetStringAsync("/api/v1/clusters"));
        Assert.Equal(yamlBefore, await File.ReadAllBytesAsync(yamlFile));

        // The legitimate ways stay open: attach again through its own endpoint, or detach and attach.
        Assert.Equal("COMPLETED", (await AttachAsync(http, new { apiEndpoint = cluster.ApiEndpoints[0] })).GetProperty("state").GetString());
        using var detached = await http.DeleteAsync($"/api/v1/clusters/{cluster.Report.ClusterUuid}");
        detached.EnsureSuccessStatusCode();
        Assert.Equal("COMPLETED", (await AttachAsync(http, new { apiEndpoint = cluster.ApiEndpoints[0] })).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AKnownEndpointWithANewCertificate_IsRefusedBeforeAnyTokenIsSent()
    {
        var (_, http) = await StartDmsAsync();
        var (cluster, _) = await AttachRealClusterAsync(http);
        var endpoint = cluster.ApiEndpoints[0];
        await cluster.DisposeAsync();
        _owned.Remove(cluster);
        // Someone else now answers on the attached cluster's address, with a certificate of their own.
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var squatter = await FakeAsync(TestCertificates.SelfSigned(), FakeClusterEndpoint.Unauthorized, port);

        var refused = await AttachAsync(http, new { apiEndpoint = endpoint });

        Assert.Contains("its certificate changed", refused.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Empty(squatter.Requests);
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswers_FailsTheAttach_EachTryBoundedByTheConnectTimeout()
    {
        var (_, http) = await StartDmsAsync(("DMS_CLUSTER_CONNECT_TIMEOUT", "1s"));
        using var silent = new SilentEndpoint();

        var workflow = await AttachAsync(http, new { apiEndpoint = silent.Endpoint });

        Assert.Equal("FAILED", workflow.GetProperty("state").GetString());
        var message = workflow.GetProperty("msg").GetString()!;
        Assert.Contains($"{silent.Endpoint} did not complete a TLS handshake within 1 s", message, StringComparison.Ordinal);
        // One connection per try, each given up after the timeout: none of them hung.
        Assert.Equal(6, silent.Accepted);
    }

    [Fact]
    public async Task AHundredMegabyteAnswer_IsRefused_NotRead()
    {
        var (_, http) = await StartDmsAsync();
        var fake = await FakeAsync(TestCertificates.SelfSigned(), async context =>
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            context.Response.ContentType = "application/json";
            try
            {
                for (var i = 0; i < 100; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // dms hung up, as it should.
            }
        });

        var workflow = await AttachAsync(http, new { apiEndpoint = fake.Endpoint });

        Assert.Equal("FAILED", workflow.GetProperty("state").GetString());
        var message = workflow.GetProperty("msg").GetString()!;
        Assert.True(message.Contains("sent a response larger than 8388608 bytes; refused", StringComparison.Ordinal), message);
    }

    private async Task<(DmsProcess Dms, HttpClient Http)> StartDmsAsync(params (string Name, string Value)[] environment)
    {
        var dms = await DmsProcess.StartAsync(Path.Combine(_root, "dms"), environment.ToDictionary(e => e.Name, e => e.Value));
        _owned.Add(dms);
        return (dms, await dms.LoginAsync());
    }

    private async Task<FakeClusterEndpoint> FakeAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, Func<HttpContext, Task> respond, int port = 0)
    {
        var fake = await FakeClusterEndpoint.StartAsync(certificate, respond, port);
        _owned.Add(fake);
        return fake;
    }

    /// <summary>An lbemu cluster with DMS's key imported, attached under first use; returns the attach workflow.</summary>
    private async Task<(TestCluster Cluster, JsonElement Workflow)> AttachRealClusterAsync(HttpClient http)
    {
        // Instant: the attach's changed-blocks self-check waits for its scratch volumes on the emulator's clock, which these tests never move.
        var cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        _owned.Add(cluster);
        await DmsKeyImport.ImportAsync(http, cluster.DataDir);
        var attached = await AttachAsync(http, new { apiEndpoint = cluster.ApiEndpoints[0] });
        Assert.Equal("COMPLETED", attached.GetProperty("state").GetString());
        return (cluster, attached);
    }

    private static async Task<JsonElement> AttachAsync(HttpClient http, object request)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/clusters", request);
        var id = Guid.Parse((await Json.ReadAsync(response)).GetProperty("workflowId").GetString()!);
        return await ApiWorkflows.EndedAsync(http, id, AttachEnds);
    }

    private static JsonElement Claims(string token) => JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement.Clone();
}
