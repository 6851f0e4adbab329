using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// A thin clone of the source snapshot (instant on Lightbits) that DMS can read over NVMe/TCP:
/// snapshots cannot be exported, their clones can (spec lightbits-api.md §5).
/// </summary>
internal sealed class PrepareSourceStep(CloneServices services) : IWorkflowStep
{
    public string Name => "prepare-source";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("preparing", 1));
        var cluster = await services.ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
        var snapshot = await OwnedResources.Call(() => cluster.FindSnapshotAsync(job.SourceProject, job.SnapshotId, ct), ErrorSide.SourceCluster, "reading the source snapshot")
            ?? throw WorkflowStepException.Permanent($"source snapshot {job.SnapshotId} no longer exists in project {job.SourceProject}", ErrorSide.SourceCluster);
        var described = $"source snapshot {job.SnapshotId}";
        var size = OwnedResources.Field(() => RequiredField.NonZero(snapshot.Size, cluster.Name, described, "size"), ErrorSide.SourceCluster);
        // The thin clone lives on the snapshot's nodes with its replicas; a snapshot reporting none is broken.
        var replicas = OwnedResources.Field(() => RequiredField.NonZero(snapshot.ReplicaCount, cluster.Name, described, "replicaCount"), ErrorSide.SourceCluster);
        await context.RecordResourceAsync(Resource(job), ct);
        await services.Owned.EnsureVolumeAsync(cluster, job.SourceProject, new CreateVolumeRequest
        {
            Name = job.SourceVolumeName,
            Size = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReplicaCount = replicas,
            Acl = StringList.Of(services.HostNqn.Value),
            SourceSnapshotUuid = job.SnapshotId,
            Compression = snapshot.Compression ? "true" : "false",
        }, job.WorkflowId, ErrorSide.SourceCluster, ct, uuid => context.IdentifyResourceAsync(Resource(job), uuid));
    }

    public async Task CompensateAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        var cluster = await services.ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
        await services.Owned.DeleteVolumeIfOursAsync(cluster, job.SourceProject, job.SourceVolumeName, job.WorkflowId,
            context.ResourceId(Resource(job)), ErrorSide.SourceCluster, ct);
    }

    private static string Resource(CloneJob job) => $"volume {job.SourceCluster}/{job.SourceProject}/{job.SourceVolumeName}";
}
