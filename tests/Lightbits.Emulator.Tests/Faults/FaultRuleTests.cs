using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Faults;

/// <summary>Fault rules that shape the error body: the transient 400 on snapshot create real clusters give.</summary>
public sealed class FaultRuleTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(TestCluster.Instant);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Rule_WithGrpcCodeAndMessage_AnswersThemInGrpcGatewaysErrorBody_ThenLetsRequestsThrough()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib");
        (await _cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(new
        {
            method = "POST", path = "/api/v2/projects/*/snapshots", status = 400, grpcCode = 9, message = "volume is being updated", count = 1,
        }))).EnsureSuccessStatusCode();
        var body = new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid };

        var refused = await _cluster.Http().PostAsync("/api/v2/projects/default/snapshots", TestCluster.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = JsonNode.Parse(await TestCluster.BodyAsync(refused))!;
        Assert.Equal(9, (int)error["code"]!);
        Assert.Equal("volume is being updated", (string)error["message"]!);

        Assert.True((await _cluster.Http().PostAsync("/api/v2/projects/default/snapshots", TestCluster.Json(body))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Rule_WithoutGrpcCode_AnswersTheStatussUsualCode()
    {
        (await _cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(new { method = "GET", path = "/api/v2/version", status = 400 }))).EnsureSuccessStatusCode();
        var refused = await _cluster.Http().GetAsync("/api/v2/version");
        Assert.Equal(3, (int)JsonNode.Parse(await TestCluster.BodyAsync(refused))!["code"]!);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    public async Task ChangeETag_MakesTheNextConditionalWriteMissItsETag_InEitherStatus_ThenLetsItThrough(HttpStatusCode mismatch)
    {
        await using var cluster = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { ETagMismatchStatus = mismatch });
        var volume = await cluster.CreateAvailableVolumeAsync("v", "16 mib");
        (await cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(new { method = "PUT", path = "/api/v2/projects/*/volumes/*", changeETag = true, count = 1 })))
            .EnsureSuccessStatusCode();

        var refused = await PutLabelAsync(cluster, volume.Uuid!, volume.ETag!);
        Assert.Equal(mismatch, refused.StatusCode);
        Assert.Equal(9, (int)JsonNode.Parse(await TestCluster.BodyAsync(refused))!["code"]!);

        var current = await cluster.Client().GetVolumeAsync("default", volume.Uuid!);
        Assert.NotEqual(volume.ETag, current.ETag);
        Assert.Equal(HttpStatusCode.OK, (await PutLabelAsync(cluster, volume.Uuid!, current.ETag!)).StatusCode);
    }

    private static async Task<HttpResponseMessage> PutLabelAsync(TestCluster cluster, string uuid, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v2/projects/default/volumes/{uuid}")
        {
            Content = TestCluster.Json(new UpdateVolumeRequest { Labels = [new Label { Key = "team", Value = "db" }] }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await cluster.Http().SendAsync(request);
    }

    [Fact]
    public async Task Rule_WithAnImpossibleGrpcCode_IsRefused()
    {
        var response = await _cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(new { status = 400, grpcCode = 99 }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Faults_RefuseUnauthenticatedAndProjectAdminCallers()
    {
        var (key, kid) = await _cluster.AddCredentialAsync("default", "tenant");
        var rule = new { status = 500 };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _cluster.Http("").PostAsync("/_emulator/faults", JsonContent.Create(rule))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _cluster.Http(_cluster.Mint(key, kid, "default:admin")).PostAsync("/_emulator/faults", JsonContent.Create(rule))).StatusCode);
    }
}
