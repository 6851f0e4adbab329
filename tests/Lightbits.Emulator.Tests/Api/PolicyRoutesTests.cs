using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>
/// The policies API and volumes' QoS references, read as raw JSON so the wire shape is tested
/// on its own (docs/lightbits-assumptions.md "QoS policies").
/// </summary>
public sealed class PolicyRoutesTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _http = _cluster.Http();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static object Gold(params string[] scope) => new
    {
        name = "gold",
        description = "fast",
        qoSRateLimitPolicy = new
        {
            projectsNamesScope = scope,
            policyVisibility = scope.Length == 0 ? "Global" : "Scoped",
            limitIOPS = new { writeIOPSLimit = 2560, readIOPSLimit = 5120 },
        },
    };

    private async Task<JsonNode> Send(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, HttpClient? http = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await (http ?? _http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private Task<JsonNode> CreateVolume(object extra, HttpStatusCode expected = HttpStatusCode.OK, string name = "v")
    {
        var body = new JsonObject
        {
            ["name"] = name, ["size"] = "1 gib", ["replicaCount"] = 1, ["acl"] = new JsonObject { ["values"] = new JsonArray("ALLOW_NONE") },
        };
        foreach (var (key, value) in ToJsonObject(extra))
        {
            body[key] = value?.DeepClone();
        }
        return Send(HttpMethod.Post, "/api/v2/projects/default/volumes", body, expected);
    }

    private static JsonObject ToJsonObject(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!.AsObject();

    [Fact]
    public async Task FreshCluster_ListsOneGlobalUnlimitedDefault()
    {
        var policy = Assert.Single((await Send(HttpMethod.Get, "/api/v2/policies"))["policies"]!.AsArray())!;
        Assert.Equal("default", (string?)policy["name"]);
        Assert.Equal("Active", (string?)policy["state"]);
        Assert.Equal("Global", (string?)policy["QoSRateLimitPolicy"]!["policyVisibility"]);
        Assert.NotNull(policy["QoSRateLimitPolicy"]!["limitIOPS"]);
    }

    [Fact]
    public async Task CreatedPolicy_IsFoundByUuidByNameAndByListFilter()
    {
        var created = await Send(HttpMethod.Post, "/api/v2/policies", Gold());
        var uuid = (string)created["UUID"]!;
        Assert.Equal(5120, (int)created["QoSRateLimitPolicy"]!["limitIOPS"]!["readIOPSLimit"]!);

        Assert.Equal("gold", (string?)(await Send(HttpMethod.Get, $"/api/v2/policies/{uuid}"))["name"]);
        Assert.Equal(uuid, (string?)(await Send(HttpMethod.Get, "/api/v2/policies/?name=gold"))["UUID"]);
        Assert.Equal(uuid, (string?)Assert.Single((await Send(HttpMethod.Get, "/api/v2/policies?name=gold"))["policies"]!.AsArray())!["UUID"]);
        await Send(HttpMethod.Get, "/api/v2/policies?name=silver", expected: HttpStatusCode.NotFound);
        await Send(HttpMethod.Get, $"/api/v2/policies/{Guid.NewGuid()}", expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreatePolicy_DuplicateName409_NoLimit400_UnknownScopeProject404()
    {
        await Send(HttpMethod.Post, "/api/v2/policies", Gold());
        await Send(HttpMethod.Post, "/api/v2/policies", Gold(), HttpStatusCode.Conflict);
        await Send(HttpMethod.Post, "/api/v2/policies", new { name = "bare", qoSRateLimitPolicy = new { policyVisibility = "Global" } }, HttpStatusCode.BadRequest);
        await Send(HttpMethod.Post, "/api/v2/policies", new
        {
            name = "stray",
            qoSRateLimitPolicy = new { projectsNamesScope = new[] { "nowhere" }, limitBw = new { writeBWLimit = 100 } },
        }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task VolumeWithoutPolicy_ReportsTheDefaultByNameAndUuid_AndSnapshotsCarryNoQosField()
    {
        var defaultUuid = (string?)(await Send(HttpMethod.Get, "/api/v2/policies/?name=default"))["UUID"];
        var volume = await CreateVolume(new { });
        Assert.Equal("default", (string?)volume["qosPolicyName"]);
        Assert.Equal(defaultUuid, (string?)volume["qosPolicyUUID"]);

        _cluster.Settle();
        var snapshot = await Send(HttpMethod.Post, "/api/v2/projects/default/snapshots", new { name = "s", sourceVolumeUUID = (string?)volume["UUID"] });
        Assert.DoesNotContain(snapshot.AsObject(), field => field.Key.StartsWith("qos", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task VolumeByName_OrByUuid_ReportsBoth()
    {
        var uuid = (string)(await Send(HttpMethod.Post, "/api/v2/policies", Gold()))["UUID"]!;

        var byName = await CreateVolume(new { qosPolicyName = "gold" }, name: "a");
        var byUuid = await CreateVolume(new { qosPolicyUUID = uuid }, name: "b");
        Assert.Equal((uuid, "gold"), ((string?)byName["qosPolicyUUID"], (string?)byName["qosPolicyName"]));
        Assert.Equal((uuid, "gold"), ((string?)byUuid["qosPolicyUUID"], (string?)byUuid["qosPolicyName"]));
    }

    [Fact]
    public async Task VolumeWithUnknownOrForeignOrDoublePolicy_Is400NamingIt_AndNothingIsCreated()
    {
        await Send(HttpMethod.Post, "/api/v2/projects", new { name = "other" });
        await Send(HttpMethod.Post, "/api/v2/policies", Gold("other"));

        var unknown = await CreateVolume(new { qosPolicyName = "silver" }, HttpStatusCode.BadRequest);
        Assert.Contains("qosPolicyName \"silver\"", (string?)unknown["message"], StringComparison.Ordinal);
        var unknownUuid = Guid.NewGuid().ToString();
        Assert.Contains(unknownUuid, (string?)(await CreateVolume(new { qosPolicyUUID = unknownUuid }, HttpStatusCode.BadRequest))["message"], StringComparison.Ordinal);
        Assert.Contains("not available to project", (string?)(await CreateVolume(new { qosPolicyName = "gold" }, HttpStatusCode.BadRequest))["message"], StringComparison.Ordinal);
        await CreateVolume(new { qosPolicyName = "default", qosPolicyUUID = unknownUuid }, HttpStatusCode.BadRequest);
        Assert.Empty(_cluster.State.ListVolumes("default"));
    }

    [Fact]
    public async Task UpdateVolume_ChangesThePolicy_AndRefusesAnUnknownOne()
    {
        await Send(HttpMethod.Post, "/api/v2/policies", Gold());
        var uuid = (string)(await CreateVolume(new { }))["UUID"]!;
        _cluster.Settle();

        await Send(HttpMethod.Put, $"/api/v2/projects/default/volumes/{uuid}", new { projectName = "default", qosPolicyName = "silver" }, HttpStatusCode.BadRequest);
        await Send(HttpMethod.Put, $"/api/v2/projects/default/volumes/{uuid}", new { projectName = "default", qosPolicyName = "gold" });
        Assert.Equal("gold", (string?)(await Send(HttpMethod.Get, $"/api/v2/projects/default/volumes/{uuid}"))["qosPolicyName"]);
    }

    [Fact]
    public async Task DeletePolicy_InUseOrTheDefault_Is400_OtherwiseGone()
    {
        var uuid = (string)(await Send(HttpMethod.Post, "/api/v2/policies", Gold()))["UUID"]!;
        var volume = (string)(await CreateVolume(new { qosPolicyName = "gold" }))["UUID"]!;
        var defaultUuid = (string)(await Send(HttpMethod.Get, "/api/v2/policies/?name=default"))["UUID"]!;

        await Send(HttpMethod.Delete, $"/api/v2/policies/{uuid}", expected: HttpStatusCode.BadRequest);
        await Send(HttpMethod.Delete, $"/api/v2/policies/{defaultUuid}", expected: HttpStatusCode.BadRequest);
        _cluster.Settle();
        await Send(HttpMethod.Delete, $"/api/v2/projects/default/volumes/{volume}");
        _cluster.Settle();
        await Send(HttpMethod.Delete, "/api/v2/policies?name=gold");
        await Send(HttpMethod.Get, $"/api/v2/policies/{uuid}", expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ProjectAdmin_ReadsUsablePoliciesWithoutVisibility_AndMayNotCreateOrDelete_Unauthenticated401()
    {
        await Send(HttpMethod.Post, "/api/v2/projects", new { name = "p1" });
        await Send(HttpMethod.Post, "/api/v2/projects", new { name = "p2" });
        await Send(HttpMethod.Post, "/api/v2/policies", Gold("p2"));
        var (key, kid) = await _cluster.AddCredentialAsync("p1", "c1");
        var tenant = _cluster.Http(_cluster.Mint(key, kid, "p1:admin"));

        var seen = Assert.Single((await Send(HttpMethod.Get, "/api/v2/policies", http: tenant))["policies"]!.AsArray())!;
        Assert.Equal("default", (string?)seen["name"]);
        Assert.Equal("Unavailable", (string?)seen["QoSRateLimitPolicy"]!["policyVisibility"]);
        await Send(HttpMethod.Get, "/api/v2/policies/?name=gold", expected: HttpStatusCode.NotFound, http: tenant);
        await Send(HttpMethod.Post, "/api/v2/policies", Gold(), HttpStatusCode.Forbidden, tenant);
        await Send(HttpMethod.Delete, "/api/v2/policies?name=gold", expected: HttpStatusCode.Forbidden, http: tenant);
        await Send(HttpMethod.Get, "/api/v2/policies", expected: HttpStatusCode.Unauthorized, http: _cluster.Http(""));
    }

    [Fact]
    public async Task Policies_SurviveARestart()
    {
        var uuid = (string)(await Send(HttpMethod.Post, "/api/v2/policies", Gold()))["UUID"]!;
        _cluster = await _cluster.RestartAsync();
        var policy = await Send(HttpMethod.Get, $"/api/v2/policies/{uuid}", http: _cluster.Http());
        Assert.Equal("gold", (string?)policy["name"]);
    }
}
