using System.Net;
using System.Text;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>Bad requests get 400 with a message naming the problem, never 500, and change nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(servers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string, string> BadVolumeBodies => new()
    {
        { "{\"name\":\"v\",", "invalid request body" },
        { "[1,2,3]", "invalid request body" },
        { "{\"name\":\"v\",\"size\":4096,\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "$.size" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":\"three\"}", "$.replicaCount" },
        { "{\"name\":\"bad name!\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "name \"bad name!\"" },
        { "{\"name\":\"" + new string('a', 254) + "\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "254 characters" },
        { "{\"name\":\"\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "name is required" },
        { "{\"name\":\"v\",\"size\":\"-1\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "size \"-1\"" },
        { "{\"name\":\"v\",\"size\":\"10 zib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "unknown unit \"zib\"" },
        { "{\"name\":\"v\",\"size\":\"99999999999 tib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "too large" },
        { "{\"name\":\"v\",\"size\":\"0\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "must be positive" },
        { "{\"name\":\"v\",\"size\":\"1000\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1}", "multiple of the sector size" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"replicaCount\":1}", "acl is required" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[]},\"replicaCount\":1}", "acl.values is empty" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":null},\"replicaCount\":1}", "acl.values is empty" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":4}", "replicaCount 4" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]}}", "replicaCount (missing)" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1,\"sectorSize\":1024}", "sectorSize 1024" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1,\"compression\":\"maybe\"}", "compression \"maybe\"" },
        { "{\"name\":\"v\",\"size\":\"1 gib\",\"acl\":{\"values\":[\"ALLOW_NONE\"]},\"replicaCount\":1,\"IPAcl\":{\"values\":[\"not-an-ip\"]}}", "IPAcl.values entry \"not-an-ip\"" },
    };

    [Theory]
    [MemberData(nameof(BadVolumeBodies))]
    public async Task CreateVolume_BadBody_Returns400NamingTheProblem_AndCreatesNothing(string body, string expected)
    {
        var response = await _cluster.Http().PostAsync("/api/v2/projects/default/volumes", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await ErrorOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Code);
        Assert.Equal(error.Message, error.Error);
        Assert.Empty(_cluster.State.ListVolumes("default", showAll: true));
    }

    [Theory]
    [InlineData("{\"ID\":\"c1\",\"type\":\"RS256PubKey\",\"payload\":\"bm90IGEga2V5\"}", "not a PEM RSA public key")]
    [InlineData("{\"ID\":\"c1\",\"type\":\"RS256PubKey\",\"payload\":\"***\"}", "$.payload")]
    [InlineData("{\"ID\":\"c 1\",\"type\":\"RS256PubKey\",\"payload\":\"bm90IGEga2V5\"}", "ID \"c 1\"")]
    [InlineData("{\"ID\":\"c1\",\"type\":\"TlsCertChainPem\",\"payload\":\"bm90IGEga2V5\"}", "not supported")]
    [InlineData("{\"ID\":\"c1\",\"type\":\"RS256PubKey\"}", "payload is required")]
    public async Task CreateCredential_BadBody_Returns400(string body, string expected)
    {
        var before = _cluster.State.ListCredentials("system").Count;
        var response = await _cluster.Http().PostAsync("/api/v2/projects/system/credentials", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await ErrorOf(response)).Message, StringComparison.Ordinal);
        Assert.Equal(before, _cluster.State.ListCredentials("system").Count);
    }

    private static async Task<Lightbits.Api.Model.ErrorBody> ErrorOf(HttpResponseMessage response) =>
        System.Text.Json.JsonSerializer.Deserialize<Lightbits.Api.Model.ErrorBody>(await response.Content.ReadAsStringAsync(), Lightbits.Api.Json.LightbitsJson.Options)!;

    [Fact]
    public async Task OversizedBody_Returns400InvalidArgument_AndCreatesNothing()
    {
        var huge = "{\"name\":\"" + new string('a', 2 << 20) + "\"}";
        var response = await _cluster.Http().PostAsync("/api/v2/projects", new StringContent(huge, Encoding.UTF8, "application/json"));
        // Create project answers 400 for a request it cannot take (spec lightbits-api.md §4); 413 is not among its statuses.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, (await ErrorOf(response)).Code);
        Assert.Equal(2, _cluster.State.ListProjects().Count);
    }

    [Fact]
    public async Task UnknownProject_Returns404_UnknownRoute_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _cluster.Http().GetAsync("/api/v2/projects/nope/volumes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _cluster.Http().GetAsync("/api/v3/whatever")).StatusCode);
    }

    [Fact]
    public async Task BuiltInProject_CannotBeDeleted()
    {
        var response = await _cluster.Http().DeleteAsync("/api/v2/projects/default");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
