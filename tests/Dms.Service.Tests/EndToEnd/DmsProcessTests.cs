using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.EndToEnd;

/// <summary>`dms` as an operator runs it: a real child process, real HTTPS, against a real lbemu.</summary>
public sealed class DmsProcessTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("dms-e2e-").FullName;

    private string ConfigDir => Path.Combine(_root, "etc");

    [Fact]
    public async Task InitServeLoginAttach_WorksEndToEnd_AndSecretsAre0600()
    {
        await InitAsync();
        foreach (var secret in new[] { "cluster-key.pem", "session.key", "tls.key", ".htpasswd" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ConfigDir, secret)));
        }

        var again = await ChildProcess.RunAsync("dms", ["init", "--config-dir", ConfigDir], stdin: "other\n");
        Assert.Contains("nothing to create", again.Stdout, StringComparison.Ordinal);

        // Instant: the attach's changed-blocks self-check waits for its scratch volumes on the emulator's clock, which this test never moves.
        await using var cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        await using var dms = await DmsProcess.ServeAsync(_root);
        using var http = dms.Http();

        using var login = await http.PostAsJsonAsync("/api/v1/login", new { username = "admin", password = DmsProcess.Password });
        var token = (await TestSupport.Json.ReadAsync(login)).GetProperty("idToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await DmsKeyImport.ImportAsync(http, cluster.DataDir);

        using var attach = await http.PostAsJsonAsync("/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
        var workflowId = Guid.Parse((await TestSupport.Json.ReadAsync(attach)).GetProperty("workflowId").GetString()!);
        var workflow = await ApiWorkflows.EndedAsync(http, workflowId);

        Assert.Equal("COMPLETED", workflow.GetProperty("state").GetString());
        Assert.Contains(cluster.Report.ClusterUuid, File.ReadAllText(Path.Combine(ConfigDir, "clusters.yaml")), StringComparison.Ordinal);
        await dms.StopAsync();
        Assert.Equal(0, dms.ExitCode);
        // DMS sent the clusters only fields their API has (a real cluster would drop any other silently).
        Assert.Empty(cluster.UnknownFields);
    }

    [Fact]
    public async Task Serve_MissingConfig_ExitsNonZeroSayingWhichFile()
    {
        var result = await ChildProcess.RunAsync("dms", ["serve", "--config-dir", ConfigDir]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("dms.yaml does not exist; run `dms init", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadClusterKey_ExitsNonZeroNamingTheFile()
    {
        await InitAsync();
        File.WriteAllText(Path.Combine(ConfigDir, "cluster-key.pem"), "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n");

        var result = await ChildProcess.RunAsync("dms", ["serve", "--config-dir", ConfigDir, "--state-dir", Path.Combine(_root, "state"), "--listen", "127.0.0.1:0"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cluster-key.pem: not an RSA private key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortTaken_ExitsNonZeroSayingSo()
    {
        await InitAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await ChildProcess.RunAsync("dms", ["serve", "--config-dir", ConfigDir, "--state-dir", Path.Combine(_root, "state"), "--listen", $"127.0.0.1:{port}"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_StoreOfAnotherPubKeyId_RefusesToStartSayingWhy()
    {
        await InitAsync();
        var state = Path.Combine(_root, "state");
        await using (var first = await DmsProcess.ServeAsync(_root))
        {
            await first.StopAsync();
        }

        File.WriteAllText(Path.Combine(ConfigDir, "cluster-key.id"), $"dms-{Guid.NewGuid()}\n");
        var result = await ChildProcess.RunAsync("dms", ["serve", "--config-dir", ConfigDir, "--state-dir", state, "--listen", "127.0.0.1:0"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("belongs to DMS instances with pubKeyId", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_EnvironmentOverridesDmsYaml()
    {
        await InitAsync();
        var result = await ChildProcess.RunAsync("dms", ["serve", "--config-dir", ConfigDir], environment: new Dictionary<string, string> { ["DMS_TOKEN_LIFETIME"] = "forever" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("DMS_TOKEN_LIFETIME: 'forever' is not a duration", result.Stderr, StringComparison.Ordinal);
    }

    private Task InitAsync() => DmsProcess.InitAsync(_root);
}
