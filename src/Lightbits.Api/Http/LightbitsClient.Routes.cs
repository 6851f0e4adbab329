using System.Net;
using Lightbits.Api.Model;

namespace Lightbits.Api.Http;

// The REST v2 routes (spec lightbits-api.md §4), one line each.
public sealed partial class LightbitsClient
{
    private static string E(string segment) => Uri.EscapeDataString(segment);

    public Task<ApiVersion> GetVersionAsync(CancellationToken ct = default) =>
        SendAsync<ApiVersion>(HttpMethod.Get, "/api/v2/version", null, ct);

    public Task<ClusterInfo> GetClusterAsync(CancellationToken ct = default) =>
        SendAsync<ClusterInfo>(HttpMethod.Get, "/api/v2/cluster", null, ct);

    public Task<ClusterInfoV2> GetClusterInfoAsync(CancellationToken ct = default) =>
        SendAsync<ClusterInfoV2>(HttpMethod.Get, "/api/v2/clusterinfo", null, ct);

    public async Task<IReadOnlyList<Node>> ListNodesAsync(CancellationToken ct = default) =>
        (await SendAsync<NodeList>(HttpMethod.Get, "/api/v2/nodes", null, ct)).Nodes;

    public Task<Node> GetNodeAsync(string uuid, CancellationToken ct = default) =>
        SendAsync<Node>(HttpMethod.Get, $"/api/v2/nodes/{E(uuid)}", null, ct);

    public async Task<IReadOnlyList<Server>> ListServersAsync(CancellationToken ct = default) =>
        (await SendAsync<ServerList>(HttpMethod.Get, "/api/v2/servers", null, ct)).Servers;

    public async Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken ct = default) =>
        (await SendAsync<ProjectList>(HttpMethod.Get, "/api/v2/projects", null, ct)).Projects;

    public Task<Project?> FindProjectAsync(string name, CancellationToken ct = default) =>
        FindAsync<Project>($"/api/v2/projects/{E(name)}", ct);

    public Task<Project> CreateProjectAsync(CreateProjectRequest request, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Post, "/api/v2/projects", request, ct);

    public Task DeleteProjectAsync(string name, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/api/v2/projects/{E(name)}", null, ct);

    public async Task<IReadOnlyList<Policy>> ListPoliciesAsync(CancellationToken ct = default) =>
        (await SendAsync<PolicyList>(HttpMethod.Get, "/api/v2/policies", null, ct)).Policies;

    public Task<Policy?> FindPolicyAsync(string uuid, CancellationToken ct = default) =>
        FindAsync<Policy>($"/api/v2/policies/{E(uuid)}", ct);

    // ListPolicies' documented name filter rather than GetPolicy with an empty UUID: a filter that
    // matches nothing is documented as 404, and an empty list reads the same.
    public async Task<Policy?> FindPolicyByNameAsync(string name, CancellationToken ct = default) =>
        (await FindAsync<PolicyList>($"/api/v2/policies?name={E(name)}", ct))?.Policies.FirstOrDefault(p => p.Name == name);

    public Task<Policy> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken ct = default) =>
        SendAsync<Policy>(HttpMethod.Post, "/api/v2/policies", request, ct);

    public Task DeletePolicyAsync(string uuid, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/api/v2/policies/{E(uuid)}", null, ct);

    public async Task<IReadOnlyList<Credential>> ListCredentialsAsync(string project, CancellationToken ct = default) =>
        (await SendAsync<CredentialList>(HttpMethod.Get, $"/api/v2/projects/{E(project)}/credentials", null, ct)).Credentials;

    public Task<Credential?> FindCredentialAsync(string project, string id, CancellationToken ct = default) =>
        FindAsync<Credential>($"/api/v2/projects/{E(project)}/credentials/{E(id)}", ct);

    public Task<Credential> CreateCredentialAsync(string project, CreateCredentialRequest request, CancellationToken ct = default) =>
        SendAsync<Credential>(HttpMethod.Post, $"/api/v2/projects/{E(project)}/credentials", request, ct);

    public Task DeleteCredentialAsync(string project, string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/api/v2/projects/{E(project)}/credentials/{E(id)}", null, ct);

    public Task<IReadOnlyList<Volume>> ListVolumesAsync(string project, CancellationToken ct = default) =>
        ListAllAsync<VolumeList, Volume>($"/api/v2/projects/{E(project)}/volumes", l => l.Volumes, v => v.Uuid, $"project {project}'s volume", ct);

    public Task<Volume> GetVolumeAsync(string project, string uuid, CancellationToken ct = default) =>
        SendAsync<Volume>(HttpMethod.Get, $"/api/v2/projects/{E(project)}/volumes/{E(uuid)}", null, ct);

    public Task<Volume?> FindVolumeAsync(string project, string uuid, CancellationToken ct = default) =>
        FindAsync<Volume>($"/api/v2/projects/{E(project)}/volumes/{E(uuid)}", ct);

    // Get-by-name is the GetVolume RPC with an empty UUID: note the trailing slash (spec §4 quirks).
    public Task<Volume?> FindVolumeByNameAsync(string project, string name, CancellationToken ct = default) =>
        FindAsync<Volume>($"/api/v2/projects/{E(project)}/volumes/?name={E(name)}", ct);

    public Task<Volume> CreateVolumeAsync(string project, CreateVolumeRequest request, CancellationToken ct = default) =>
        SendAsync<Volume>(HttpMethod.Post, $"/api/v2/projects/{E(project)}/volumes", request with { ProjectName = project }, ct);

    public async Task UpdateVolumeAsync(string project, string uuid, Func<Volume, UpdateVolumeRequest> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        const int maxConflicts = 5;
        for (var conflicts = 0; ; conflicts++)
        {
            var current = await GetVolumeAsync(project, uuid, ct);
            var update = change(current) with { ProjectName = project };
            try
            {
                await SendAsync(HttpMethod.Put, $"/api/v2/projects/{E(project)}/volumes/{E(uuid)}", update, ct, current.ETag);
                return;
            }
            catch (LightbitsApiException e) when (conflicts < maxConflicts && e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.BadRequest)
            {
                // Someone changed the volume between our read and write: read again and reapply.
                if (!await IsETagConflictAsync(e, project, uuid, current.ETag, ct))
                {
                    throw;
                }
            }
        }
    }

    // Documented as 412; grpc-gateway ≥ 1.9.5 says 400 (spec lightbits-api.md §2). A 400 counts as a
    // conflict only when the volume really changed, so genuine validation errors surface at once.
    private async Task<bool> IsETagConflictAsync(LightbitsApiException e, string project, string uuid, string? sentETag, CancellationToken ct)
    {
        if (e.Status == HttpStatusCode.PreconditionFailed)
        {
            return true;
        }
        if (e.Status != HttpStatusCode.BadRequest)
        {
            return false;
        }
        var now = await FindVolumeAsync(project, uuid, ct);
        return now is not null && now.ETag != sentETag;
    }

    public Task DeleteVolumeAsync(string project, string uuid, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/api/v2/projects/{E(project)}/volumes/{E(uuid)}", null, ct);

    public Task<IReadOnlyList<Snapshot>> ListSnapshotsAsync(string project, CancellationToken ct = default) =>
        ListAllAsync<SnapshotList, Snapshot>($"/api/v2/projects/{E(project)}/snapshots", l => l.Snapshots, s => s.Uuid, $"project {project}'s snapshot", ct);

    public Task<Snapshot> GetSnapshotAsync(string project, string uuid, CancellationToken ct = default) =>
        SendAsync<Snapshot>(HttpMethod.Get, $"/api/v2/projects/{E(project)}/snapshots/{E(uuid)}", null, ct);

    public Task<Snapshot?> FindSnapshotAsync(string project, string uuid, CancellationToken ct = default) =>
        FindAsync<Snapshot>($"/api/v2/projects/{E(project)}/snapshots/{E(uuid)}", ct);

    // Snapshots bind the name as "Name" (capital N), unlike volumes (spec §4 quirks).
    public Task<Snapshot?> FindSnapshotByNameAsync(string project, string name, CancellationToken ct = default) =>
        FindAsync<Snapshot>($"/api/v2/projects/{E(project)}/snapshots/?Name={E(name)}", ct);

    public Task<Snapshot> CreateSnapshotAsync(string project, CreateSnapshotRequest request, CancellationToken ct = default) =>
        SendAsync<Snapshot>(HttpMethod.Post, $"/api/v2/projects/{E(project)}/snapshots", request with { ProjectName = project }, ct);

    public Task DeleteSnapshotAsync(string project, string uuid, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/api/v2/projects/{E(project)}/snapshots/{E(uuid)}", null, ct);

    public Task<ChangedBlocksResponse> ListChangedBlocksAsync(string project, string snapshotUuid, string? baseSnapshotUuid = null,
        ulong offsetLba = 0, CancellationToken ct = default)
    {
        var query = $"?offsetLBA={offsetLba}" + (baseSnapshotUuid is null ? "" : $"&baseSnapshotUUID={E(baseSnapshotUuid)}");
        return SendAsync<ChangedBlocksResponse>(HttpMethod.Get, $"/api/v2/projects/{E(project)}/snapshots/diff/{E(snapshotUuid)}{query}", null, ct);
    }

    public async IAsyncEnumerable<ChangedBlocks.LbaExtent> GetChangedExtentsAsync(string project, string snapshotUuid, string? baseSnapshotUuid = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ulong offset = 0;
        do
        {
            var page = await ListChangedBlocksAsync(project, snapshotUuid, baseSnapshotUuid, offset, ct);
            foreach (var extent in ChangedBlocks.ChangedExtents.DecodePage(page, Name, snapshotUuid))
            {
                yield return extent;
            }
            if (page.NextOffsetLba != 0 && page.NextOffsetLba <= offset)
            {
                throw new LightbitsApiException($"changed blocks of snapshot {snapshotUuid}: nextOffsetLBA {page.NextOffsetLba} does not advance past {offset}", null, CurrentEndpoint, isRetryable: false);
            }
            offset = page.NextOffsetLba;
        }
        while (offset != 0);
    }
}
