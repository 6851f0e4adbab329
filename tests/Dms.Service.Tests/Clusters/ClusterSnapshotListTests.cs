using System.Net;
using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Clusters;

/// <summary>[OURS] GET /api/v1/clusters/{id}/snapshots?projectName=: what dmscli completes --src-snap-name from.</summary>
public sealed class ClusterSnapshotListTests(SharedCloneRig shared) : IClassFixture<SharedCloneRig>
{
    private readonly CloneRig _rig = shared.Rig;

    [Fact]
    public async Task ListsTheProjectsSnapshots_ByIdAndName_AsTheClusterHasThem()
    {
        var (volume, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));

        var body = await Json.ReadAsync(await _rig.Http.GetAsync($"/api/v1/clusters/{_rig.A.Report.ClusterUuid}/snapshots?projectName=default"));

        var listed = body.GetProperty("snapshots").EnumerateArray().Single(s => s.GetProperty("id").GetString() == snapshot.Uuid);
        Assert.Equal(snapshot.Name, listed.GetProperty("name").GetString());
        Assert.Equal("Available", listed.GetProperty("state").GetString());
        Assert.Equal(volume.Name, listed.GetProperty("sourceVolumeName").GetString());
    }

    [Theory]
    [InlineData("{a}", "projectName=nope", HttpStatusCode.NotFound, 5, "projectName 'nope' does not exist on cluster")]
    [InlineData("{a}", "projectName=bad%20name", HttpStatusCode.BadRequest, 3, "projectName \"bad name\" may contain only")]
    [InlineData("{a}", "", HttpStatusCode.BadRequest, 3, "projectName is required")]
    [InlineData("00000000-0000-0000-0000-000000000001", "projectName=default", HttpStatusCode.NotFound, 5, "is not attached")]
    [InlineData("not-a-uuid", "projectName=default", HttpStatusCode.BadRequest, 3, "clusterId 'not-a-uuid' is not a UUID")]
    public async Task BadClusterOrProject_IsRefusedNamingIt(string cluster, string query, HttpStatusCode status, int code, string message)
    {
        var path = $"/api/v1/clusters/{cluster.Replace("{a}", _rig.A.Report.ClusterUuid, StringComparison.Ordinal)}/snapshots?{query}";
        using var response = await _rig.Http.GetAsync(path);
        Assert.Contains(message, await Json.AssertErrorAsync(response, status, code), StringComparison.Ordinal);
    }
}
