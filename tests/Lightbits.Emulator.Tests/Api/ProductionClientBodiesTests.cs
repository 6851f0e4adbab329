using System.Net;
using System.Text;
using System.Text.Json;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>
/// Requests exactly as an independent production client sends them: OpenStack Cinder's LightOS
/// driver (cinder/volume/drivers/lightos.py) builds these bodies by hand — sizes with units,
/// replicaCount as a string, explicit nulls for unused fields, the volume's UUID repeated in the
/// extend body, If-Match on updates. (The CSI plugin speaks gRPC, so its shapes never reach REST.)
/// </summary>
public sealed class ProductionClientBodiesTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        _http = _cluster.Http();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        _cluster.Settle();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<JsonElement> GetVolumeAsync(string uuid) => SendAsync(HttpMethod.Get, $"/api/v2/projects/default/volumes/{uuid}");

    /// <summary>Cinder's create_volume: replicaCount as a string, "False", explicit nulls for the clone source.</summary>
    private async Task<string> CinderCreateAsync(string name, string? sourceSnapshotUuid = null)
    {
        var source = sourceSnapshotUuid is null ? "null" : $"\"{sourceSnapshotUuid}\"";
        var created = await SendAsync(HttpMethod.Post, "/api/v2/projects/default/volumes",
            $$"""{"name":"{{name}}","size":"1 gib","replicaCount":"1","compression":"False","acl":{"values":["ALLOW_NONE"]},"IPAcl":{"values":["ALLOW_ANY"]},"sourceSnapshotUUID":{{source}},"sourceSnapshotName":null}""");
        return created.GetProperty("UUID").GetString()!;
    }

    [Fact]
    public async Task Create_WithStringReplicaCountAndExplicitNulls_IsAccepted()
    {
        var volume = await GetVolumeAsync(await CinderCreateAsync("volume-1"));

        Assert.Equal("Available", volume.GetProperty("state").GetString());
        Assert.Equal(1, volume.GetProperty("replicaCount").GetInt32());
        Assert.Equal("1073741824", volume.GetProperty("size").GetString());
        Assert.False(volume.TryGetProperty("sourceSnapshotUUID", out _));
        Assert.Empty(_cluster.UnknownFields);
    }

    [Fact]
    public async Task Extend_WithUuidInTheBodyAndIfMatch_GrowsTheVolume()
    {
        var uuid = await CinderCreateAsync("volume-1");
        var etag = (await GetVolumeAsync(uuid)).GetProperty("ETag").GetString();

        await SendAsync(HttpMethod.Put, $"/api/v2/projects/default/volumes/{uuid}", $$"""{"UUID":"{{uuid}}","size":"2 gib"}""", etag);

        Assert.Equal("2147483648", (await GetVolumeAsync(uuid)).GetProperty("size").GetString());
        Assert.Empty(_cluster.UnknownFields);
    }

    [Fact]
    public async Task Update_NamingAnotherVolumeInTheBody_ChangesThePathsVolume()
    {
        var target = await CinderCreateAsync("volume-1");
        var other = await CinderCreateAsync("volume-2");

        await SendAsync(HttpMethod.Put, $"/api/v2/projects/default/volumes/{target}",
            $$"""{"UUID":"{{other}}","name":"volume-2","projectName":"elsewhere","size":"2 gib","acl":null,"IPAcl":null,"qosPolicyName":null,"labels":null,"Force":null,"newName":null}""");

        Assert.Equal("2147483648", (await GetVolumeAsync(target)).GetProperty("size").GetString());
        Assert.Equal("1073741824", (await GetVolumeAsync(other)).GetProperty("size").GetString());
    }

    [Fact]
    public async Task AclUpdate_AsCinderAttachSendsIt_ReplacesBothLists()
    {
        var uuid = await CinderCreateAsync("volume-1");
        var etag = (await GetVolumeAsync(uuid)).GetProperty("ETag").GetString();

        await SendAsync(HttpMethod.Put, $"/api/v2/projects/default/volumes/{uuid}",
            """{"acl":{"values":["nqn.2014-08.org.nvmexpress:uuid:host-1"]},"IPAcl":{"values":["ALLOW_ANY"]}}""", etag);

        var volume = await GetVolumeAsync(uuid);
        Assert.Equal("nqn.2014-08.org.nvmexpress:uuid:host-1", volume.GetProperty("acl").GetProperty("values")[0].GetString());
    }

    [Fact]
    public async Task SnapshotCloneAndDeletes_AsCinderSendsThem_AreAccepted()
    {
        var volume = await CinderCreateAsync("volume-1");
        var snapshot = await SendAsync(HttpMethod.Post, "/api/v2/projects/default/snapshots",
            $$"""{"name":"snapshot-1","sourceVolumeUUID":"{{volume}}","sourceVolumeName":null}""");
        var snapshotUuid = snapshot.GetProperty("UUID").GetString()!;
        var clone = await CinderCreateAsync("volume-2", snapshotUuid);

        Assert.Equal(snapshotUuid, (await GetVolumeAsync(clone)).GetProperty("sourceSnapshotUUID").GetString());

        // Cinder appends its (empty) parameters to the URL of a DELETE and sends no body.
        await SendAsync(HttpMethod.Delete, $"/api/v2/projects/default/snapshots/{snapshotUuid}?");
        await SendAsync(HttpMethod.Delete, $"/api/v2/projects/default/volumes/{clone}?");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v2/projects/default/volumes/{clone}")).StatusCode);
        Assert.Empty(_cluster.UnknownFields);
    }
}
