using Lightbits.Api.Model;

namespace Lightbits.Api;

/// <summary>
/// The management API of one Lightbits cluster (REST v2). Project-scoped calls take the project
/// name; lookups that may legitimately find nothing (<c>Find…</c>) return null on 404, every
/// other failure throws <see cref="Http.LightbitsApiException"/>.
/// </summary>
public interface ILightbitsCluster
{
    /// <summary>How errors name this cluster (<see cref="Model.RequiredField"/>): its UUID where the caller knows it, else where it answers.</summary>
    string Name => "(unnamed cluster)";

    Task<ApiVersion> GetVersionAsync(CancellationToken ct = default);
    Task<ClusterInfo> GetClusterAsync(CancellationToken ct = default);
    Task<ClusterInfoV2> GetClusterInfoAsync(CancellationToken ct = default);
    Task<IReadOnlyList<Node>> ListNodesAsync(CancellationToken ct = default);
    Task<Node> GetNodeAsync(string uuid, CancellationToken ct = default);
    Task<IReadOnlyList<Server>> ListServersAsync(CancellationToken ct = default);

    Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken ct = default);
    Task<Project?> FindProjectAsync(string name, CancellationToken ct = default);
    Task<Project> CreateProjectAsync(CreateProjectRequest request, CancellationToken ct = default);
    Task DeleteProjectAsync(string name, CancellationToken ct = default);

    /// <summary>QoS policies (cluster-wide; durosapiv2.proto's policies API).</summary>
    Task<IReadOnlyList<Policy>> ListPoliciesAsync(CancellationToken ct = default);
    Task<Policy?> FindPolicyAsync(string uuid, CancellationToken ct = default);
    Task<Policy?> FindPolicyByNameAsync(string name, CancellationToken ct = default);
    Task<Policy> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken ct = default);
    Task DeletePolicyAsync(string uuid, CancellationToken ct = default);

    Task<IReadOnlyList<Credential>> ListCredentialsAsync(string project, CancellationToken ct = default);
    Task<Credential?> FindCredentialAsync(string project, string id, CancellationToken ct = default);
    Task<Credential> CreateCredentialAsync(string project, CreateCredentialRequest request, CancellationToken ct = default);
    Task DeleteCredentialAsync(string project, string id, CancellationToken ct = default);

    Task<IReadOnlyList<Volume>> ListVolumesAsync(string project, CancellationToken ct = default);
    Task<Volume> GetVolumeAsync(string project, string uuid, CancellationToken ct = default);
    Task<Volume?> FindVolumeAsync(string project, string uuid, CancellationToken ct = default);
    Task<Volume?> FindVolumeByNameAsync(string project, string name, CancellationToken ct = default);
    Task<Volume> CreateVolumeAsync(string project, CreateVolumeRequest request, CancellationToken ct = default);

    /// <summary>
    /// Read-modify-write with If-Match: <paramref name="change"/> gets the current volume and returns
    /// the update; an ETag conflict (412, or 400 from older gateways) re-reads and tries again.
    /// </summary>
    Task UpdateVolumeAsync(string project, string uuid, Func<Volume, UpdateVolumeRequest> change, CancellationToken ct = default);
    Task DeleteVolumeAsync(string project, string uuid, CancellationToken ct = default);

    Task<IReadOnlyList<Snapshot>> ListSnapshotsAsync(string project, CancellationToken ct = default);
    Task<Snapshot> GetSnapshotAsync(string project, string uuid, CancellationToken ct = default);
    Task<Snapshot?> FindSnapshotAsync(string project, string uuid, CancellationToken ct = default);
    Task<Snapshot?> FindSnapshotByNameAsync(string project, string name, CancellationToken ct = default);
    Task<Snapshot> CreateSnapshotAsync(string project, CreateSnapshotRequest request, CancellationToken ct = default);
    Task DeleteSnapshotAsync(string project, string uuid, CancellationToken ct = default);

    /// <summary>One page of the snapshot's changed blocks (spec lightbits-api.md §13).</summary>
    Task<ChangedBlocksResponse> ListChangedBlocksAsync(string project, string snapshotUuid, string? baseSnapshotUuid = null,
        ulong offsetLba = 0, CancellationToken ct = default);

    /// <summary>Every LBA extent holding data (or changed since the base), walking all pages.</summary>
    IAsyncEnumerable<ChangedBlocks.LbaExtent> GetChangedExtentsAsync(string project, string snapshotUuid, string? baseSnapshotUuid = null,
        CancellationToken ct = default);
}
