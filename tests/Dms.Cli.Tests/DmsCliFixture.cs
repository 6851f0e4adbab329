using System.Text;
using System.Text.Json;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>
/// Shared by the dmscli tests: a real dms (child process, HTTPS on 127.0.0.1) with the service key
/// imported into two real lbemu clusters, and a HOME whose dms-cli.yaml is logged in.
/// </summary>
public sealed class DmsCliFixture : IAsyncLifetime
{
    public DmsProcess Dms { get; private set; } = null!;
    public LbemuProcess ClusterA { get; private set; } = null!;
    public LbemuProcess ClusterB { get; private set; } = null!;
    public string Work { get; } = Directory.CreateTempSubdirectory("dmscli-test-").FullName;

    /// <summary>The HOME of a logged-in operator.</summary>
    public string Home => Path.Combine(Work, "home");

    public async Task InitializeAsync()
    {
        var starting = new[]
        {
            LbemuProcess.StartAsync(Path.Combine(Work, "cluster-a"), "cluster-a"),
            LbemuProcess.StartAsync(Path.Combine(Work, "cluster-b"), "cluster-b"),
        };
        Dms = await DmsProcess.StartAsync(Path.Combine(Work, "dms"));
        (ClusterA, ClusterB) = (await starting[0], await starting[1]);

        var login = await RunAsync(Home, "login", $"--username={DmsProcess.User}", $"--password={DmsProcess.Password}", $"--base-url={Dms.BaseUrl}", $"--ca-cert={Dms.TlsCertPath}");
        Assert.True(login.ExitCode == 0, login.Stderr);
        var credential = JsonDocument.Parse((await RunAsync(Home, "get", "credential", "-o", "json")).Stdout).RootElement;
        var pem = Path.Combine(Work, "pub-key.pem");
        await File.WriteAllBytesAsync(pem, Convert.FromBase64String(credential.GetProperty("pubKey").GetString()!));
        foreach (var cluster in new[] { ClusterA, ClusterB })
        {
            var imported = await ChildProcess.RunAsync("lbcli", ["--data-dir", cluster.DataDir, "create", "credential", "--project-name=system",
                "--type=rsa256pubkey", $"--id={credential.GetProperty("pubKeyId").GetString()}", pem]);
            Assert.True(imported.ExitCode == 0, imported.Stderr);
        }
    }

    /// <summary>dmscli as a child process, as the operator whose home is <paramref name="home"/>.</summary>
    public static Task<ChildProcess.Result> RunAsync(string home, params string[] args) => RunWithInputAsync(home, null, args);

    public static Task<ChildProcess.Result> RunWithInputAsync(string home, string? stdin, params string[] args) =>
        ChildProcess.RunAsync("dmscli", args, stdin, new Dictionary<string, string> { ["HOME"] = home });

    public Task<ChildProcess.Result> RunAsync(params string[] args) => RunAsync(Home, args);

    /// <summary>A fresh HOME with nothing in it.</summary>
    public string NewHome()
    {
        var home = Path.Combine(Work, "home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        return home;
    }

    /// <summary>A fresh HOME whose dms-cli.yaml is <paramref name="yaml"/>: a config in a state login would not leave it in.</summary>
    public string HomeWithConfig(string yaml)
    {
        var home = NewHome();
        var config = Path.Combine(home, ".local", "dms", "dms-cli.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, yaml);
        return home;
    }

    /// <summary>The id of a workflow that has ended COMPLETED (a refresh, the quickest one).</summary>
    public async Task<string> CompletedWorkflowAsync()
    {
        var refresh = await RunAsync(Home, "refresh", "clusters", "--wait", "-o", "json");
        Assert.True(refresh.ExitCode == 0, Describe(refresh));
        return JsonDocument.Parse(refresh.Stdout).RootElement.GetProperty("workflowId").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await Dms.DisposeAsync();
        await ClusterA.DisposeAsync();
        await ClusterB.DisposeAsync();
    }

    public static string Describe(ChildProcess.Result result) =>
        new StringBuilder().Append("exit ").Append(result.ExitCode).Append("\nstdout: ").Append(result.Stdout).Append("\nstderr: ").Append(result.Stderr).ToString();
}

[CollectionDefinition(Name)]
public sealed class DmsCliTestGroup : ICollectionFixture<DmsCliFixture>
{
    public const string Name = "dmscli against a real dms and two lbemu clusters";
}
