using Dms.Workflows;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning.Steps;

/// <summary>The volume DMS writes into, with the inherited or requested size, replicas, sector size, compression and QoS.</summary>
internal sealed class PrepareDestinationStep(CloneServices services) : IWorkflowStep
{
    public string Name => "prepare-destination";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("preparing", 3));
        var cluster = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        await context.RecordResourceAsync(Resource(job), ct);
        var dst = job.Dst;
        await services.Owned.EnsureVolumeAsync(cluster, job.DestinationProject, new CreateVolumeRequest
        {
            Name = job.DestinationVolumeName,
            Size = dst.Size!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReplicaCount = (uint)dst.Replica!.Value,
            SectorSize = (uint)dst.SectorSize!.Value,
            Compression = dst.Compression == true ? "true" : "false",
            QosPolicyName = dst.QosPolicyName,
            Acl = StringList.Of(services.HostNqn.Value),
        }, job.WorkflowId, ErrorSide.DestinationCluster, ct, uuid => context.IdentifyResourceAsync(Resource(job), uuid));
    }

    public async Task CompensateAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        var cluster = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        await services.Owned.DeleteVolumeIfOursAsync(cluster, job.DestinationProject, job.DestinationVolumeName, job.WorkflowId,
            context.ResourceId(Resource(job)), ErrorSide.DestinationCluster, ct);
    }

    private static string Resource(CloneJob job) => $"volume {job.DestinationCluster}/{job.DestinationProject}/{job.DestinationVolumeName}";
}
