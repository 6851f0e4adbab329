using System.Net.Http.Json;
using System.Text.Json;
using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.EndToEnd;

/// <summary>A thick clone survives the dms process being SIGKILLed mid-copy: a new process takes it over and finishes it.</summary>
public sealed class CloneProcessTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("dms-kill-").FullName;

    [Fact]
    public async Task Clone_DmsKilledMidCopy_NewProcessResumesIt_AndTheCopyMatchesTheSource()
    {
        var configDir = Path.Combine(_root, "etc");
        await DmsProcess.InitAsync(_root);
        // Slow copies and short leases: the kill lands mid-copy and the takeover comes within seconds.
        File.AppendAllText(Path.Combine(configDir, "dms.yaml"), "\ncopyWorkflowBandwidth: 16MiB/s\nleaseDuration: 3s\n");
        static Func<Lightbits.Emulator.EmulatorOptions, Lightbits.Emulator.EmulatorOptions> Fast() =>
            o => o with { CreateDelay = TimeSpan.Zero, UpdateDelay = TimeSpan.Zero, DeleteDelay = TimeSpan.Zero };
        await using var a = await TestCluster.StartAsync(Fast(), servers: 1);
        await using var b = await TestCluster.StartAsync(Fast(), servers: 1);

        Guid id;
        byte[] image;
        await using (var first = await DmsProcess.ServeAsync(_root))
        {
            using var http = await first.LoginAsync();
            foreach (var cluster in new[] { a, b })
            {
                await ImportKeyAsync(http, cluster);
                Assert.Equal("COMPLETED", await EndStateAsync(http, await StartAsync(http, "/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] })));
            }
            (_, var snapshot, image) = await CloneRig.SourceAsync(a, "64 mib", (0, 48 << 20));
            id = await StartAsync(http, "/api/v1/volumes/thickclone", CloneRig.Request(a, snapshot, b, "survivor"));
            await UntilAsync(http, id, w => w.GetProperty("progress").TryGetProperty("bytesDone", out var done) && long.Parse(done.GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);

            await first.KillAsync();
        }

        await using var second = await DmsProcess.ServeAsync(_root);
        using var again = await second.LoginAsync();
        var workflow = await UntilAsync(again, id, w => w.GetProperty("state").GetString() is not ("PENDING" or "RUNNING" or "CANCELING"));
        Assert.True(workflow.GetProperty("state").GetString() == "COMPLETED", workflow.ToString());
        var clone = (await b.Client().FindVolumeByNameAsync("default", "survivor"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(b, "default", clone.Uuid!));
        Assert.Empty(await CloneRig.LeftoversAsync(a));
        await second.StopAsync();
    }

    private static async Task ImportKeyAsync(HttpClient http, TestCluster cluster)
    {
        var credentials = await Json.ReadAsync(await http.GetAsync("/api/v1/service-credentials"));
        await cluster.Client().CreateCredentialAsync("system", new CreateCredentialRequest
        {
            Id = credentials.GetProperty("pubKeyId").GetString(),
            Type = CredentialType.RS256PubKey,
            Payload = Convert.FromBase64String(credentials.GetProperty("pubKey").GetString()!),
        });
    }

    private static async Task<Guid> StartAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return Guid.Parse(json.GetProperty("workflowId").GetString()!);
    }

    private static async Task<string> EndStateAsync(HttpClient http, Guid id) =>
        (await UntilAsync(http, id, w => w.GetProperty("state").GetString() is not ("PENDING" or "RUNNING"))).GetProperty("state").GetString()!;

    private static async Task<JsonElement> UntilAsync(HttpClient http, Guid id, Func<JsonElement, bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var workflow = (await Json.ReadAsync(await http.GetAsync($"/api/v1/workflows/{id}", limit.Token))).GetProperty("workflow");
            if (condition(workflow))
            {
                return workflow;
            }
            await Task.Delay(50, limit.Token);
        }
    }
}
