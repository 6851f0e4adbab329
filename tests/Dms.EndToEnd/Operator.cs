using System.Text.Json;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.EndToEnd;

/// <summary>
/// The world of the guide: a dms server, two Lightbits clusters (lbemu), and an operator with a
/// HOME of their own who types dmscli and lbcli commands. Every command is a real child process.
/// </summary>
internal sealed class Operator : IAsyncDisposable
{
    private Operator(string work, DmsProcess dms, LbemuProcess a, LbemuProcess b)
    {
        Work = work;
        Dms = dms;
        ClusterA = a;
        ClusterB = b;
    }

    public string Work { get; }
    public DmsProcess Dms { get; }
    public LbemuProcess ClusterA { get; }
    public LbemuProcess ClusterB { get; }
    public string Home => Path.Combine(Work, "home");

    public static async Task<Operator> StartAsync()
    {
        var work = Directory.CreateTempSubdirectory("dms-e2e-").FullName;
        var a = LbemuProcess.StartAsync(Path.Combine(work, "cluster-a"), "cluster-a");
        var b = LbemuProcess.StartAsync(Path.Combine(work, "cluster-b"), "cluster-b");
        var dms = await DmsProcess.StartAsync(Path.Combine(work, "dms"));
        Directory.CreateDirectory(Path.Combine(work, "home"));
        return new Operator(work, dms, await a, await b);
    }

    public async Task<ChildProcess.Result> DmscliAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync("dmscli", args, environment: new Dictionary<string, string> { ["HOME"] = Home });
        Assert.True(result.ExitCode == 0, $"dmscli {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    public static async Task<ChildProcess.Result> LbcliAsync(LbemuProcess cluster, params string[] args)
    {
        var result = await ChildProcess.RunAsync("lbcli", ["--data-dir", cluster.DataDir, .. args]);
        Assert.True(result.ExitCode == 0, $"lbcli {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    public static JsonElement Json(ChildProcess.Result result) => JsonDocument.Parse(result.Stdout).RootElement;

    /// <summary>Guide, "Attaching a Lightbits Cluster", steps 1–2 on both clusters; returns the pubKeyId.</summary>
    public async Task<string> ImportServiceCredentialAsync()
    {
        // Step 1: dmscli get credential -o json
        var credential = Json(await DmscliAsync("get", "credential", "-o", "json"));
        var pubKeyId = credential.GetProperty("pubKeyId").GetString()!;
        Assert.Matches("^dms-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", pubKeyId);

        // Step 2: echo "<base64 encoded Public Key>" | base64 -d > /tmp/pub-key.pem
        var pem = Path.Combine(Work, "pub-key.pem");
        await File.WriteAllBytesAsync(pem, Convert.FromBase64String(credential.GetProperty("pubKey").GetString()!));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await File.ReadAllTextAsync(pem), StringComparison.Ordinal);

        //         lbcli create credential --project-name=system --type=rsa256pubkey --id=<pubKeyId> /tmp/pub-key.pem
        foreach (var cluster in new[] { ClusterA, ClusterB })
        {
            var created = await LbcliAsync(cluster, "create", "credential", "--project-name=system", "--type=rsa256pubkey", $"--id={pubKeyId}", pem);
            Assert.Contains(pubKeyId, created.Stdout, StringComparison.Ordinal);
        }

        return pubKeyId;
    }

    /// <summary>Step 3: dmscli attach cluster --api-endpoint=…; the printed workflowId is followed to its end.</summary>
    public async Task<string> AttachAsync(LbemuProcess cluster)
    {
        var attach = await DmscliAsync("attach", "cluster", $"--api-endpoint={cluster.ApiEndpoints[0]}");
        // The table's workflowId row; the line after it says how to follow it.
        var workflowId = attach.Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First(w => w is ["workflowId", _])[1];
        Assert.True(Guid.TryParse(workflowId, out _), attach.Stdout);
        var watched = await DmscliAsync("get", "workflow", "--id", workflowId, "--watch", "-o", "json");
        Assert.Equal("COMPLETED", Json(watched).GetProperty("state").GetString());
        return workflowId;
    }

    public async Task LoginAsync()
    {
        // The guide's login, plus --ca-cert: dms init made a self-signed certificate.
        var login = await DmscliAsync("login", "--username=admin", $"--password={DmsProcess.Password}", $"--base-url={Dms.BaseUrl}", $"--ca-cert={Dms.TlsCertPath}");
        Assert.Contains("Logged in", login.Stdout, StringComparison.Ordinal);
        var config = await File.ReadAllTextAsync(Path.Combine(Home, ".local", "dms", "dms-cli.yaml"));
        Assert.Contains($"base-url: {Dms.BaseUrl}\nauth:\n  tokenType: Bearer\n  expiresIn: 2592000\n  idToken: ", config, StringComparison.Ordinal);
    }

    /// <summary>Everything DMS (and lbcli) sent both clusters held only fields their API has; a real cluster would drop any other silently.</summary>
    public async Task AssertNoUnknownFieldsSentAsync()
    {
        Assert.Empty(await ClusterA.UnknownFieldsAsync());
        Assert.Empty(await ClusterB.UnknownFieldsAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Dms.DisposeAsync();
        await ClusterA.DisposeAsync();
        await ClusterB.DisposeAsync();
    }
}
