using System.Globalization;
using Dms.Cloning.Copy;
using Dms.Workflows;
using Lightbits.Api;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// Moves the data. The checkpoint is the copier's flushed watermark, so a retry (after a lost
/// connection or a fail-over) and a restart of DMS both resume where the destination is known good.
/// </summary>
internal sealed class CopyStep(CloneServices services) : IWorkflowStep
{
    public string Name => "copy";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("copying", 5));
        var source = await services.ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
        var destination = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        await using var reader = await services.DataPath.OpenAsync(source, job.SourceProject, job.SourceVolumeName, ErrorSide.SourceCluster, ct);
        await using var writer = await services.DataPath.OpenAsync(destination, job.DestinationProject, job.DestinationVolumeName, ErrorSide.DestinationCluster, ct);
        var plan = await PlanAsync(services, job, source, reader, writer, ct);

        var resumeFrom = long.TryParse(context.Checkpoint, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) ? saved : 0;
        if (resumeFrom > 0)
        {
            context.Logger.LogInformation("workflow {WorkflowId}: resuming the copy at byte {Watermark} of {Total}", job.WorkflowId, resumeFrom, plan.LogicalTotal);
        }
        // Hashing every chunk costs CPU on the copy's critical path; only a verified clone needs the hashes.
        var checksums = job.Request.VerifyClone ? services.Checksums.For(job.WorkflowId, plan.ChunkCount) : null;
        var copier = new BlockCopier(reader, writer, plan, services.Options.Copy, services.Throttles.For(job.WorkflowId), checksums);
        long counted = 0;
        try
        {
            await copier.RunAsync(resumeFrom, progress =>
            {
                services.Metrics.AddBytesCopied(progress.BytesWritten - counted);
                counted = progress.BytesWritten;
                context.SaveCheckpoint(progress.Watermark.ToString(CultureInfo.InvariantCulture));
                context.ReportProgress(CloneProgress.Copying(progress, job.Request.VerifyClone));
                return ValueTask.CompletedTask;
            }, ct);
        }
        catch (CopyException e)
        {
            throw new WorkflowStepException(e.Message, e.Side == CopySide.Source ? ErrorSide.SourceCluster : ErrorSide.DestinationCluster, e.IsRetryable, innerException: e);
        }
    }

    public Task CompensateAsync(StepContext context, CancellationToken ct)
    {
        // The copied data goes with the destination volume (prepare-destination's compensation).
        services.Checksums.Release(context.WorkflowId);
        services.Throttles.Release(context.WorkflowId);
        return Task.CompletedTask;
    }

    internal static async Task<CopyPlan> PlanAsync(CloneServices services, CloneJob job, ILightbitsCluster source,
        NvmeTcp.IBlockDevice reader, NvmeTcp.IBlockDevice writer, CancellationToken ct)
    {
        if (writer.Capacity < reader.Capacity)
        {
            throw WorkflowStepException.Permanent($"destination volume is {writer.Capacity} bytes, smaller than the source's {reader.Capacity}", ErrorSide.DestinationCluster);
        }
        return await CopyPlans.BuildAsync(source, job, reader.Capacity, reader.SectorSize, writer.SectorSize, services.Options.Copy.IoSize, services.Logger, ct);
    }
}
